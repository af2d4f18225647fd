import type { HttpAppOptions } from '@app/core';

/** The platform's API title in Swagger and in the generated console client. */
export const PLATFORM_API_INFO: HttpAppOptions = {
  title: '亲清政策兑现平台 API',
  description: '政策中心 · 审批中心 · 兑付中心 · 数据沙盘（一体化部署）',
};
