/** Test-only entry of the enterprises lib. */
export { EnterpriseRepository, factsOfInput } from '../enterprise/enterprise.repository';
export { EnterpriseProfilesRepository } from '../enterprise/enterprise-profiles.repository';
export { KeyRotationRepository } from '../enterprise/key-rotation.repository';
