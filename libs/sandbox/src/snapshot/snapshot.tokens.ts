/** The fact registry the sandbox evaluates with (ENTERPRISE_FACTS unless a test swaps it). */
export const SANDBOX_FACT_REGISTRY = Symbol('SANDBOX_FACT_REGISTRY');
