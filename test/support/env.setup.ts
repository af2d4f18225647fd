// integration environment is decided by scripts/test.js; nothing to do here yet
export {};
