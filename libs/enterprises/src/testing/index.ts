/** Test-only entry of the enterprises lib. */
export { factsOfInput } from '../enterprise/enterprise.repository';
