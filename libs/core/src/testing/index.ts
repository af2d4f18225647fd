/** Test and benchmark helpers shared by every lib (never imported by production code). */
export * from './bench-database';
