/** Who may run the sandbox: leaders and the departments (for their own policies); admin always may. */
export const SANDBOX_ROLES = ['leader', 'dept_editor', 'dept_reviewer'] as const;
