// The storage port moved to core (enterprises' correction evidence uses it too); kept here for the imports of this lib.
export { InMemoryMaterialStorage, MATERIAL_STORAGE } from '@app/core';
export type { MaterialStorage } from '@app/core';
