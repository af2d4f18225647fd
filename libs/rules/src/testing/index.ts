/** Test-only entry: random rules and profiles for property tests. Not for production code. */
export * from './rule-arbitraries';
