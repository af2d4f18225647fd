/** Demo departments (市直部门). `czj` holds the finance roles. */
export const DEMO_DEPARTMENTS = [
  { code: 'czj', name: '市财政局' },
  { code: 'kjj', name: '市科技局' },
  { code: 'gxj', name: '市工信局' },
  { code: 'swj', name: '市商务局' },
  { code: 'rsj', name: '市人社局' },
] as const;
