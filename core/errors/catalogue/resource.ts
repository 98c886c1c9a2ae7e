/** The resource download's codes (234xxx): an image or file of a message that cannot be fetched. */

import { listByLanguage } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

export const RESOURCE_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '234043',
    code: 234043,
    title: { 'zh-CN': '不支持的消息类型（下载资源）', en: 'Unsupported message type (resource download)' },
    meaning: {
      'zh-CN':
        '这个错误出现在下载消息中的图片或文件时，而不是获取消息内容时。平台文档说明：卡片消息，以及合并转发消息（包括其子消息）中的资源，不能通过“获取消息中的资源文件”接口下载。',
      en: 'This error comes from downloading an image or file of a message, not from getting the message content. The platform documents that resources of card messages, and of merge-forward messages (including their sub-messages), cannot be downloaded through the "get a resource file of a message" endpoint.',
    },
    causes: listByLanguage(
      { 'zh-CN': '要下载的资源位于卡片消息中。', en: 'The resource is inside a card message.' },
      {
        'zh-CN': '请求使用了合并转发消息或其子消息的 ID。',
        en: 'The request used the ID of a merge-forward message or of one of its sub-messages.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '卡片中的图片无法通过此接口下载，请在飞书客户端中查看或保存。',
        en: 'Images inside cards cannot be downloaded through this endpoint; view or save them in the Feishu client.',
      },
      {
        'zh-CN':
          '对于合并转发中的附件，实践中可以用最外层合并转发消息的 ID 搭配资源 key 下载（检查器会自动这样尝试）；如果仍然返回 234043，则该资源无法通过接口获取。',
        en: "For attachments inside a forward, in practice they can often be downloaded with the top-level forward message's ID and the resource key (the inspector tries this itself); if that still answers 234043, the resource cannot be fetched through the API.",
      },
    ),
    docs: [DOCS.resource],
    retryable: false,
  },
  {
    id: '234003',
    code: 234003,
    title: { 'zh-CN': '资源不属于该消息', en: 'File not in message' },
    meaning: {
      'zh-CN': '下载资源时，资源 key（image_key 或 file_key）与消息 ID 不匹配：平台在这条消息中找不到这个资源。',
      en: 'While downloading a resource, the resource key (image_key or file_key) does not match the message ID: the platform finds no such resource in this message.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '资源 key 取自另一条消息，或复制得不完整。',
        en: 'The resource key comes from another message, or was copied incompletely.',
      },
      {
        'zh-CN': '在合并转发中使用了子消息自己的 ID：子消息里的附件要通过最外层合并转发消息的 ID 获取。',
        en: "Inside a forward, the sub-message's own ID was used: attachments of sub-messages are fetched through the top-level forward message's ID.",
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认资源 key 取自同一条消息的内容（body.content 中的 image_key 或 file_key）。',
        en: "Check that the resource key comes from the same message's content (image_key or file_key in body.content).",
      },
      {
        'zh-CN': '如果这条消息位于合并转发中，改用最外层合并转发消息的 ID 搭配该资源 key 重试。',
        en: "If the message sits inside a forward, retry with the top-level forward message's ID and the same key.",
      },
      { 'zh-CN': '仍然失败时，带上日志 ID 联系技术支持。', en: 'If it still fails, contact support with the log ID.' },
    ),
    docs: [DOCS.resource],
    retryable: false,
  },
];
