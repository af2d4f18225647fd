export { LocalDiskMaterialStorage } from '@app/core';
