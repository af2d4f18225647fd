export { checkMaterialFile, MATERIAL_TYPES } from '@app/core';
export type { MaterialType } from '@app/core';
