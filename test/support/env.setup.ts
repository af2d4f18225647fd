// Integration suites boot a Nest app over a fresh database (PGlite takes seconds): allow for it in hooks too.
jest.setTimeout(120_000);
