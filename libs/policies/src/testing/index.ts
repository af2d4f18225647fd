/** Test-only entry of the policies lib: the search emulator, search fixtures, and the search migration (down/up test). */
export * from '../search/testing/es-emulator';
export * from '../search/testing/search-fixtures';
export { PolicySearch1732000003000 } from '../migrations/1732000003000-policy-search';
export { PolicySearchRegions1732000014000 } from '../migrations/1732000014000-policy-search-regions';
