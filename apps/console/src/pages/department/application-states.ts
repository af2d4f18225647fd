/** The application states a department filters its queue by, with their Chinese labels (client-side). */
export const APPLICATION_STATES: Array<{ value: string; label: string }> = [
  { value: 'submitted', label: '已提交' },
  { value: 'under_review', label: '审核中' },
  { value: 'returned', label: '退回补正' },
  { value: 'pre_qualified', label: '预审通过' },
  { value: 'approved', label: '审核通过' },
  { value: 'rejected', label: '不予通过' },
  { value: 'in_disclosure', label: '公示中' },
  { value: 'objection_raised', label: '有异议' },
];
