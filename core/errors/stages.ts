/**
 * What a failure's stage is called, wherever one is named (the error panel, the raw exchanges, the
 * CLI's explanation, the ticket bundle): one entry per FailureStage, so a new stage does not
 * compile until it has its words, and no view falls back to another stage's.
 */

import type { Bilingual, Lang } from '../base/lang';
import type { FailureStage } from '../feishu/types';

const STAGE_LABELS: Record<FailureStage, Bilingual<string>> = {
  token: { 'zh-CN': '获取 tenant_access_token', en: 'getting the tenant_access_token' },
  message: { 'zh-CN': '获取消息', en: 'getting the message' },
  event_endpoint: { 'zh-CN': '获取长连接接入点', en: 'asking for the long-connection endpoint' },
  event_socket: { 'zh-CN': '打开长连接（WebSocket 握手）', en: 'opening the long connection (WebSocket handshake)' },
  app_token: {
    'zh-CN': '获取商店应用的 app_access_token（使用 app_ticket）',
    en: "getting the store app's app_access_token (with its app_ticket)",
  },
  user_token: { 'zh-CN': '用户登录或续期（user_access_token）', en: 'signing the user in, or renewing the sign-in (user_access_token)' },
};

/** `getting the tenant_access_token`, `获取长连接接入点`… */
export function failureStageLabel(stage: FailureStage, lang: Lang): string {
  return STAGE_LABELS[stage][lang];
}
