/**
 * The error catalogue: what each failure of GET /open-apis/im/v1/messages/:message_id (and of
 * the tenant-token call before it) means, why it happens and what to do, in zh-CN and en.
 *
 * The seed page's error table (seed/get-message.md) is the source of truth for the 2300xx codes;
 * platform codes follow the public troubleshooting pages linked from each entry. Texts may carry
 * the placeholders `{code}` and `{msg}`, filled in by `explainFailure`.
 */

import type { Lang } from '../base/lang';

export { LANGS, type Lang } from '../base/lang';

export interface DocLink {
  url: string;
  label: Record<Lang, string>;
}

export interface CatalogueEntry {
  /** The code as a string, or a kind for code-less failures, or 'unknown'. */
  id: string;
  code?: number;
  title: Record<Lang, string>;
  /** What the failure means for this call: getting one message's content. */
  meaning: Record<Lang, string>;
  causes: Record<Lang, string[]>;
  /** Remediation steps in order, without their numbers. */
  steps: Record<Lang, string[]>;
  docs: DocLink[];
  /** Worth retrying automatically. */
  retryable: boolean;
  /** A user-token code that should not happen with the app's tenant token. */
  unexpected?: boolean;
}

/** Ids of the entries for failures that carry no platform code. */
export const CODELESS_IDS = ['http_5xx', 'http_other', 'timeout', 'network', 'not_json', 'truncated_json', 'too_large'] as const;
export type CodelessId = (typeof CODELESS_IDS)[number];

/** The codes of the seed page's error table. */
export const SEED_CODES: readonly number[] = [230001, 230002, 230006, 230013, 230027, 230050, 230110];

const t = (zh: string, en: string): Record<Lang, string> => ({ 'zh-CN': zh, en });
const l = (zh: string[], en: string[]): Record<Lang, string[]> => ({ 'zh-CN': zh, en });
const doc = (url: string, zh: string, en: string): DocLink => ({ url, label: t(zh, en) });

const DOCS = {
  getMessage: doc(
    'https://open.feishu.cn/document/server-docs/im-v1/message/get',
    '获取指定消息的内容（接口文档）',
    'Get message content (API reference)',
  ),
  genericErrors: doc('https://open.feishu.cn/document/ukTMukTMukTM/ugjM14COyUjL4ITN', '通用错误码', 'Generic error codes'),
  rateLimits: doc('https://open.feishu.cn/document/ukTMukTMukTM/uUzN04SN3QjL1cDN', '频控策略', 'Rate limits'),
  enableBot: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-enable-bot-ability',
    '如何启用机器人能力',
    'How to enable the bot ability',
  ),
  botGuide: doc(
    'https://open.feishu.cn/document/ukTMukTMukTM/uATM04CMxQjLwEDN',
    '机器人使用指南（如何添加机器人）',
    'Bot guide (adding a bot to a chat)',
  ),
  availability: doc(
    'https://open.feishu.cn/document/home/introduction-to-scope-and-authorization/availability',
    '配置应用可用范围',
    'Configure the app availability',
  ),
  externalGroup: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/develop-robots/add-bot-to-external-group',
    '机器人支持外部群和外部用户单聊',
    'Bots in external groups and external one-to-one chats',
  ),
  console: doc('https://open.feishu.cn/app', '开发者后台', 'Developer Console'),
  admin: doc('https://feishu.cn/admin', '管理后台', 'Admin Console'),
  fix230001: doc(
    'https://open.feishu.cn/document/faq/trouble-shooting/how-to-resolve-error-230001',
    '如何解决 230001 错误',
    'How to resolve error 230001',
  ),
  fix99991672: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-the-99991672-error',
    '如何为应用申请所需权限（99991672）',
    'How to apply for the scopes an app needs (99991672)',
  ),
  applyScopes: doc('https://open.feishu.cn/document/ukTMukTMukTM/uQjN3QjL0YzN04CN2cDN', '申请 API 权限', 'Apply for API scopes'),
  fix99991663: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-fix-99991663-error',
    '如何解决 tenant token invalid (99991663) 错误',
    'How to fix "tenant token invalid" (99991663)',
  ),
  fix99991679: doc(
    'https://open.feishu.cn/document/faq/trouble-shooting/how-to-resolve-error-99991679',
    '如何解决 99991679 错误',
    'How to resolve error 99991679',
  ),
  tokenTypes: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-choose-which-type-of-token-to-use',
    '如何选择与获取 access token',
    'Which access token to use, and how to get it',
  ),
  tenantToken: doc(
    'https://open.feishu.cn/document/ukTMukTMukTM/ukDNz4SO0MjL5QzM/auth-v3/auth/tenant_access_token_internal',
    '自建应用获取 tenant_access_token',
    'Get a tenant_access_token (custom app)',
  ),
  userToken: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/authentication-management/access-token/get-user-access-token',
    '获取 user_access_token',
    'Get a user_access_token',
  ),
  appId: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-obtain-app-id',
    '如何获取应用的 App ID',
    "How to find an app's App ID",
  ),
  resource: doc(
    'https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message-resource/get',
    '获取消息中的资源文件（接口文档）',
    'Get a resource file of a message (API reference)',
  ),
  logId: doc(
    'https://open.feishu.cn/document/faq/trouble-shooting/how-to-get-internal-user-id',
    '如何获取排查问题信息（日志 ID）',
    'How to collect troubleshooting details (log ID)',
  ),
} satisfies Record<string, DocLink>;

/** Shared wording for the user-token codes that a tenant-token call should never meet. */
const UNEXPECTED_ZH = '检查器只使用应用的 tenant_access_token（应用身份）调用此接口，正常情况下不会出现这个针对用户身份凭证的错误码。';
const UNEXPECTED_EN =
  "The inspector calls this endpoint only with the app's tenant_access_token (app identity), so this user-token code should not occur.";

export const CATALOGUE: readonly CatalogueEntry[] = [
  // ---- The seed's codes (HTTP 400) ------------------------------------------------------------
  {
    id: '230001',
    code: 230001,
    title: t('请求参数无效', 'Invalid request parameter'),
    meaning: t(
      '平台认为本次请求中的某个参数不合法。对“获取指定消息的内容”来说，几乎总是路径中的消息 ID 有问题，少数情况下是查询参数 user_id_type 或 card_msg_content_type 的取值不被接受。msg 中 “ext=” 之后的文字会指出是哪个参数。',
      'The platform rejected one of the request\'s parameters. For "get message content" it is almost always the message ID in the path, occasionally the value of the user_id_type or card_msg_content_type query parameter. The text after "ext=" in msg names the parameter.',
    ),
    causes: l(
      [
        '消息 ID 不完整或格式不对：应以 om_ 开头、共 35 个字符，复制时可能丢了字符，或带上了空格、引号。',
        '填入的不是消息 ID，而是话题 ID（omt_…）、群 ID（oc_…）或用户 ID（ou_…）等其他 ID。',
        '消息 ID 来自另一个租户或另一个平台（例如测试租户与正式租户、飞书与 Lark），在当前应用所在的租户中不存在。',
        'user_id_type 不是 open_id、union_id、user_id 之一。',
      ],
      [
        'The message ID is incomplete or malformed: it starts with om_ and has 35 characters; characters may have been lost in copying, or spaces or quotes added.',
        'What was entered is not a message ID but another ID: a thread (omt_…), chat (oc_…) or user (ou_…) ID.',
        'The message ID comes from another tenant or platform (test vs production tenant, Feishu vs Lark) and does not exist in the tenant of the current app.',
        'user_id_type is not one of open_id, union_id, user_id.',
      ],
    ),
    steps: l(
      [
        '查看 msg 中 “ext=” 之后的内容，确认是哪个参数无效（例如 “invalid message_id”）。',
        '核对消息 ID：以 om_ 开头、共 35 个字符，不含空格或引号；话题 ID（omt_）和群 ID（oc_）不能用于此接口。',
        '确认当前配置（App ID 与域名）与这条消息属于同一个租户和同一个平台（飞书或 Lark）。',
        '如果指定了 user_id_type，只能取 open_id、union_id 或 user_id。',
        '参数都核对无误仍然报错时，带上日志 ID 联系飞书技术支持。',
      ],
      [
        'Read what follows "ext=" in msg to see which parameter is invalid (for example "invalid message_id").',
        'Check the message ID: om_ followed by the rest, 35 characters in all, no spaces or quotes; thread IDs (omt_) and chat IDs (oc_) do not work with this endpoint.',
        'Make sure the current profile (App ID and domain) belongs to the same tenant and platform (Feishu or Lark) as the message.',
        'If user_id_type is set, it must be open_id, union_id or user_id.',
        'If every parameter checks out and the error persists, contact Feishu support with the log ID.',
      ],
    ),
    docs: [DOCS.fix230001, DOCS.getMessage],
    retryable: false,
  },
  {
    id: '230002',
    code: 230002,
    title: t('机器人不在消息所在的群组中', "The bot is not in the message's chat"),
    meaning: t(
      '应用的机器人不在这条消息所在的群组里，因此不能读取这条消息。以应用身份读取消息时，机器人必须是该会话的成员。',
      "The app's bot is not a member of the chat the message belongs to, so it may not read the message. When reading messages as the app, the bot must be a member of that chat.",
    ),
    causes: l(
      [
        '机器人从未被添加到该群，或后来被移出了群。',
        '消息其实来自另一个群：复制消息链接或 ID 时取错了会话。',
        '当前配置使用的是另一个应用（App ID），而被拉进群的是别的应用的机器人。',
      ],
      [
        'The bot was never added to the chat, or has been removed from it since.',
        'The message actually comes from another chat: the link or ID was copied from the wrong conversation.',
        'The current profile uses a different app (App ID) from the one whose bot was added to the chat.',
      ],
    ),
    steps: l(
      [
        '确认消息所在的群（可以请发送者或群成员在飞书客户端中查看）。',
        '将应用机器人添加到该群：在飞书客户端打开群设置，进入“群机器人”，添加当前配置所用应用的机器人（参考“机器人使用指南”）。',
        '确认当前配置的 App ID 与群里机器人所属的应用一致。',
        '添加完成后，重新获取这条消息。',
      ],
      [
        'Find out which chat the message is in (the sender or a chat member can check in the Feishu client).',
        "Add the app's bot to that chat: open the chat settings in the Feishu client, go to Bots, and add the bot of the app this profile uses (see the bot guide).",
        "Check that the profile's App ID is the app whose bot is in the chat.",
        'Once the bot is in the chat, fetch the message again.',
      ],
    ),
    docs: [DOCS.botGuide, DOCS.getMessage],
    retryable: false,
  },
  {
    id: '230006',
    code: 230006,
    title: t('应用未启用机器人能力', 'Bot ability is not enabled'),
    meaning: t(
      '调用此接口的应用必须开启机器人能力。当前应用没有开启，或者开启后还没有发布包含该能力的版本。',
      'The app calling this endpoint must have the bot ability. This app does not, or it was added but no version including it has been released yet.',
    ),
    causes: l(
      [
        '应用创建后从未添加“机器人”能力。',
        '已添加机器人能力，但还没有创建并发布新版本（企业自建应用的能力变更要发布后才生效）。',
        '配置中的 App ID 指向另一个没有开启机器人能力的应用。',
      ],
      [
        'The bot ability was never added to the app.',
        "The bot ability was added, but no new version was created and released (a custom app's capabilities change only once released).",
        "The profile's App ID points to another app, one without the bot ability.",
      ],
    ),
    steps: l(
      [
        '登录开发者后台，进入该应用的详情页。',
        '在“添加应用能力”中添加“机器人”能力（参见“如何启用机器人能力”）。',
        '进入“应用发布 > 版本管理与发布”，创建版本并发布；需要审核时，等待企业管理员审核通过。',
        '发布生效后，把机器人添加到消息所在的群，再重新获取消息。',
      ],
      [
        'Sign in to the Developer Console and open the app.',
        'Under Add Features, add the Bot ability (see "How to enable the bot ability").',
        'Go to App Release > Version Management & Release, create a version and release it; if it needs review, wait for the tenant admin to approve it.',
        "Once released, add the bot to the message's chat and fetch the message again.",
      ],
    ),
    docs: [DOCS.enableBot, DOCS.console],
    retryable: false,
  },
  {
    id: '230013',
    code: 230013,
    title: t('机器人对该用户不可用', 'The bot is not available to this user'),
    meaning: t(
      '这条消息所在单聊的用户不在应用机器人的可用范围内，或者在应用的禁用范围内，因此机器人不能读取这段会话。注意：用户离职后也会报 230013。',
      "The user of the one-to-one chat holding this message is outside the availability of the app's bot, or in its disabled list, so the bot may not read that chat. Note: a user who has left the company also produces 230013.",
    ),
    causes: l(
      [
        '该用户不在应用的可用范围内（可用范围只包含部分部门或人员）。',
        '企业管理员在管理后台把该用户设置为了应用的禁用成员。',
        '该用户已离职。',
      ],
      [
        "The user is outside the app's availability (it covers only some departments or people).",
        'The tenant admin set the user as a disabled member of the app in the Admin Console.',
        'The user has left the company.',
      ],
    ),
    steps: l(
      [
        '登录开发者后台，找到并进入指定应用的详情页。',
        '在左侧导航栏进入“应用发布 > 版本管理与发布”页面，点击“创建版本”。',
        '在“版本详情”页面，找到“可用范围”区域，点击“编辑”。',
        '在弹出的对话框内配置应用的可用范围，将该用户添加至可用范围内。',
        '在页面底部点击“保存”，并发布应用使配置生效。',
        '（可选）如果以上配置完成后仍然报错，请联系企业管理员登录管理后台，在“工作台 > 应用管理”中进入该应用的详情页，在“应用可用范围”内查看该用户是否被设置为“禁用成员”。',
      ],
      [
        'Sign in to the Developer Console, find the app and open its details.',
        'In the left navigation go to App Release > Version Management & Release and click Create Version.',
        'On the Version Details page, find the Availability section and click Edit.',
        "In the dialog, configure the app's availability and add the user to it.",
        'Click Save at the bottom of the page, then release the app so the change takes effect.',
        '(Optional) If the error persists after that, ask the tenant admin to open the Admin Console, go to Workplace > App Management, open the app, and check under App Availability whether the user is listed as a disabled member.',
      ],
    ),
    docs: [DOCS.availability, DOCS.console, DOCS.admin],
    retryable: false,
  },
  {
    id: '230027',
    code: 230027,
    title: t('缺少必要的权限', 'Lack of necessary permissions'),
    meaning: t(
      '无权进行本次操作。平台通常会在 msg 的 “ext=” 部分写明缺什么（例如 “need scope: …”），错误详情中也可能附带排查建议链接。',
      'The app is not allowed to perform this operation. The platform usually says what is missing in the "ext=" part of msg (for example "need scope: …"), and the error details may include a troubleshooting link.',
    ),
    causes: l(
      [
        '缺少相应权限（scope），可根据实际的错误信息（msg 中的 ext=、缺少的权限列表）进行排查。',
        '未检查到用户授权信息：以用户身份调用时，用户没有授予所需权限（检查器以应用身份调用，出现这种情况时请核对请求实际使用的身份）。',
        '消息位于外部群（包含其他企业成员的群），而机器人没有开启对外共享能力。',
      ],
      [
        'A scope is missing; the actual error (the ext= part of msg, the missing-scope list) says which.',
        'No user authorization was found: when calling as a user, the user has not granted the required scope (the inspector calls as the app; if this shows up, check which identity the request really used).',
        'The message is in an external group (one with members of other companies) and the bot has not been enabled for external sharing.',
      ],
    ),
    steps: l(
      [
        '阅读 msg 中 “ext=” 之后的说明和下方列出的缺少权限；如有排查建议链接，先打开查看。',
        '如果缺少权限：在开发者后台的“开发配置 > 权限管理”中开通所列权限（可直接使用下方的申请链接），然后创建并发布新版本。',
        '如果消息来自外部群：先为机器人开启对外共享能力（参见“机器人支持外部群和外部用户单聊”），再把机器人加入该外部群。',
        '处理完成后重试；仍然报错时，带上日志 ID 联系技术支持。',
      ],
      [
        'Read what follows "ext=" in msg and the missing scopes listed below; if there is a troubleshooting link, open it first.',
        'If a scope is missing: enable it in the Developer Console under Development Configuration > Permissions & Scopes (the apply link below goes straight there), then create and release a new version.',
        'If the message is in an external group: first enable external sharing for the bot (see "Bots in external groups"), then add the bot to that group.',
        'Retry once done; if it still fails, contact support with the log ID.',
      ],
    ),
    docs: [DOCS.externalGroup, DOCS.fix99991672, DOCS.getMessage],
    retryable: false,
  },
  {
    id: '230050',
    code: 230050,
    title: t('消息对当前操作者不可见', 'The message is invisible to the operator'),
    meaning: t(
      '这条消息存在，但对当前操作者（应用机器人）不可见，因此无法获取它的内容。',
      "The message exists but is not visible to the operator (the app's bot), so its content cannot be fetched.",
    ),
    causes: l(
      [
        '机器人是在消息发送之后才入群的，而该群关闭了“新成员可查看历史消息”。',
        '这条消息只对会话中的部分成员可见（例如仅特定用户可见的卡片消息）。',
      ],
      [
        'The bot joined the chat after the message was sent, and the chat has "new members can view chat history" turned off.',
        'The message is visible only to some members of the chat (for example a card shown only to particular users).',
      ],
    ),
    steps: l(
      [
        '比较消息的发送时间与机器人入群的时间。',
        '如果机器人是后来入群的，请群主或群管理员在群设置中开启“新成员可查看历史消息”，然后重试。',
        '只对特定成员可见的消息无法通过此接口读取，请向能看到它的成员索取内容。',
        '以上都不符合时，带上日志 ID 联系技术支持。',
      ],
      [
        'Compare when the message was sent with when the bot joined the chat.',
        'If the bot joined later, ask the chat owner or an admin to turn on "new members can view chat history" in the chat settings, then retry.',
        'A message visible only to particular members cannot be read through this endpoint; ask someone who can see it for its content.',
        'If neither applies, contact support with the log ID.',
      ],
    ),
    docs: [DOCS.getMessage, DOCS.genericErrors],
    retryable: false,
  },
  {
    id: '230110',
    code: 230110,
    title: t('消息已被删除', 'The message has been deleted'),
    meaning: t(
      '平台认为这条消息已被删除，无法再获取它的内容。请注意与“撤回”区分：被撤回的消息通常仍能查到，表现为 deleted: true 且内容为空，或者返回空的 items 列表——检查器会把这两种情况显示为已撤回或已删除的消息，而不是这个错误。',
      'The platform considers this message deleted; its content can no longer be fetched. Not to be confused with a recall: a recalled message can usually still be fetched, coming back with deleted: true and empty content, or as an empty items list; the inspector shows those as a recalled or deleted message, not as this error.',
    ),
    causes: l(
      [
        '消息已被发送者或管理员删除（通过接口撤回的消息，平台有时也会报告为已删除）。',
        '企业设置了消息保留期限，消息到期后已被清理。',
        '消息 ID 取自旧的日志或事件，对应的消息早已删除。',
      ],
      [
        'The sender or an admin deleted the message (a message recalled through the API is sometimes reported as deleted, too).',
        'The tenant has a message retention period and the message has been cleared after it expired.',
        'The message ID was taken from an old log or event, and that message was deleted long ago.',
      ],
    ),
    steps: l(
      [
        '在飞书客户端中查看这条消息是否还在，或是否显示为已撤回。',
        '如果客户端中消息仍然可见，请核对消息 ID 是否复制正确；无误时带上日志 ID 联系技术支持。',
        '已删除消息的内容无法通过接口恢复；如果需要留存，请在收到消息事件时自行保存内容。',
      ],
      [
        'Check in the Feishu client whether the message is still there, or shows as recalled.',
        'If the client still shows the message, check that the message ID was copied correctly; if it was, contact support with the log ID.',
        "A deleted message's content cannot be recovered through the API; to keep messages, store their content when the message event arrives.",
      ],
    ),
    docs: [DOCS.getMessage],
    retryable: false,
  },

  // ---- Platform codes users meet on this call --------------------------------------------------
  {
    id: '99991400',
    code: 99991400,
    title: t('请求过于频繁（已限流）', 'Rate limited: too many requests'),
    meaning: t(
      '应用调用此接口的频率超过了限制，平台暂时拒绝了请求（通常为 HTTP 429，部分旧接口为 HTTP 400）。此接口的限额是每个应用 50 次/秒、1000 次/分钟；响应头 x-ogw-ratelimit-reset 给出需要等待的秒数。',
      'The app called this endpoint faster than allowed and the platform refused the request for now (usually HTTP 429, HTTP 400 on some older APIs). This endpoint allows 50 requests per second and 1000 per minute per app; the x-ogw-ratelimit-reset response header says how many seconds to wait.',
    ),
    causes: l(
      [
        '批量查询的速度超过了 50 次/秒或 1000 次/分钟。',
        '同一个应用（App ID）同时还被其他服务或脚本调用，它们共用同一份额度。',
        '短时间内反复重试失败的请求。',
      ],
      [
        'A batch lookup went faster than 50 requests per second or 1000 per minute.',
        'Other services or scripts use the same app (App ID) at the same time and share its quota.',
        'Failed requests were retried many times in a short while.',
      ],
    ),
    steps: l(
      [
        '等待响应头 x-ogw-ratelimit-reset 给出的秒数后再重试（检查器会自动等待并重试）。',
        '降低批量查询的速度与并发，保持在 50 次/秒和 1000 次/分钟以内。',
        '检查是否有其他服务共用同一个应用；如果有，错开调用时间，或为检查器单独创建一个应用。',
        '长期需要更高的额度时，参考“频控策略”文档联系飞书。',
      ],
      [
        'Wait the number of seconds given in the x-ogw-ratelimit-reset header, then retry (the inspector waits and retries by itself).',
        'Slow the batch down and lower its concurrency to stay under 50 requests per second and 1000 per minute.',
        'Check whether other services share the same app; if so, spread the calls out, or create a separate app for the inspector.',
        'If you need a higher quota for good, contact Feishu as described in the rate-limit documentation.',
      ],
    ),
    docs: [DOCS.rateLimits],
    retryable: true,
  },
  {
    id: '99991661',
    code: 99991661,
    title: t('请求未携带访问凭证', 'No access token was sent'),
    meaning: t(
      '平台在请求中没有找到 Authorization 请求头或其中的 token，无法识别调用方。检查器总会带上 tenant_access_token，出现这个错误说明 token 在途中丢失了，或者是空的。',
      'The platform found no Authorization header, or no token in it, and cannot tell who is calling. The inspector always sends the tenant_access_token, so the token was lost on the way or was empty.',
    ),
    causes: l(
      [
        '获取 tenant_access_token 失败或拿到了空 token，请求却仍然发了出去。',
        '公司代理或网关删除或改写了 Authorization 请求头。',
        'Authorization 请求头的格式不对（应为 “Bearer t-…”）。',
      ],
      [
        'Getting the tenant_access_token failed or returned an empty token, and the request went out anyway.',
        'A corporate proxy or gateway removed or rewrote the Authorization header.',
        'The Authorization header is malformed (it should read "Bearer t-…").',
      ],
    ),
    steps: l(
      [
        '确认当前配置填写了 App ID 和 App Secret，并且能成功获取 tenant_access_token。',
        '如果通过代理访问开放平台，确认代理会原样转发 Authorization 请求头。',
        '仍然出现时，这是检查器自身的问题：请带上日志 ID 和原始响应提交问题报告。',
      ],
      [
        'Check that the profile has an App ID and App Secret and that getting a tenant_access_token succeeds.',
        'If you reach the Open Platform through a proxy, make sure it forwards the Authorization header unchanged.',
        'If it still happens, it is a bug in the inspector: report it with the log ID and the raw response.',
      ],
    ),
    docs: [DOCS.tokenTypes, DOCS.tenantToken],
    retryable: false,
  },
  {
    id: '99991663',
    code: 99991663,
    title: t('tenant_access_token 无效或已过期', 'Tenant access token invalid or expired'),
    meaning: t(
      '平台不接受本次请求携带的 tenant_access_token：它已过期、已失效，或不属于这个平台。检查器遇到此错误时会丢弃缓存的 token，重新获取一次并重放请求；如果你仍然看到它，说明新获取的 token 同样被拒绝了。',
      'The platform does not accept the tenant_access_token sent with the request: it has expired, is no longer valid, or belongs to another platform. On this error the inspector drops its cached token, fetches a new one once and replays the request; if you still see it, the new token was refused too.',
    ),
    causes: l(
      [
        'token 已过期（有效期最长 2 小时）。',
        '配置的域名与应用所在的平台不一致：飞书应用的 token 不能用于 open.larksuite.com，反之亦然。',
        '所调用的接口只支持 user_access_token（此接口支持 tenant_access_token，正常情况下不会如此）。',
      ],
      [
        'The token has expired (it lives at most 2 hours).',
        "The profile's domain does not match the app's platform: a Feishu app's token does not work on open.larksuite.com, and the other way round.",
        'The endpoint accepts only a user_access_token (this one accepts a tenant_access_token, so normally not the case).',
      ],
    ),
    steps: l(
      [
        '重试一次：检查器会刷新 token 后重放请求。',
        '确认配置的域名与创建应用的平台一致（飞书：open.feishu.cn；Lark：open.larksuite.com）。',
        '确认 App ID 与 App Secret 属于同一个应用。',
        '仍然失败时，带上日志 ID 联系技术支持。',
      ],
      [
        'Retry once: the inspector refreshes the token and replays the request.',
        "Check that the profile's domain is the platform the app was created on (Feishu: open.feishu.cn; Lark: open.larksuite.com).",
        'Check that the App ID and App Secret belong to the same app.',
        'If it still fails, contact support with the log ID.',
      ],
    ),
    docs: [DOCS.fix99991663, DOCS.tenantToken],
    retryable: false,
  },
  {
    id: '99991672',
    code: 99991672,
    title: t('应用缺少所需权限', 'The app lacks a required scope'),
    meaning: t(
      '应用没有开通调用此接口所需的权限（scope）。获取消息内容需要开通 im:message 或 im:message:readonly 中的任意一项；指定 user_id_type=user_id 时还需要 contact:user.employee_id:readonly。错误详情中的 permission_violations 和 helps 会列出缺少的权限。',
      'The app has not been granted a scope this call needs. Getting message content needs either im:message or im:message:readonly; with user_id_type=user_id it also needs contact:user.employee_id:readonly. The permission_violations and helps of the error name the missing scopes.',
    ),
    causes: l(
      [
        '应用从未申请 im:message 或 im:message:readonly。',
        '权限已在开发者后台开通，但还没有创建并发布包含该权限的版本，或者发布仍在等待管理员审核。',
        '使用了 user_id_type=user_id，但没有开通 contact:user.employee_id:readonly。',
        '权限只在测试企业或测试版本中开通，正式版本没有开通。',
      ],
      [
        'The app never applied for im:message or im:message:readonly.',
        'The scope was enabled in the Developer Console, but no version including it has been released yet, or the release still awaits admin approval.',
        'user_id_type=user_id was used without contact:user.employee_id:readonly.',
        'The scope was enabled only in a test tenant or test version, not in the released version.',
      ],
    ),
    steps: l(
      [
        '查看下方列出的缺少权限（来自 permission_violations 和 helps）；列出多个时，通常开通其中任意一个即可。',
        '打开下方的申请链接，或进入开发者后台“开发配置 > 权限管理”，开通所需权限。',
        '进入“应用发布 > 版本管理与发布”，创建版本并申请发布，等待企业管理员审核通过。',
        '发布生效后重试。',
      ],
      [
        'Look at the missing scopes listed below (from permission_violations and helps); when several are listed, any one of them usually suffices.',
        'Open the apply link below, or go to Development Configuration > Permissions & Scopes in the Developer Console, and enable the scope.',
        'Go to App Release > Version Management & Release, create a version and submit it for release; wait for the tenant admin to approve it.',
        'Retry once the release is live.',
      ],
    ),
    docs: [DOCS.fix99991672, DOCS.applyScopes, DOCS.console],
    retryable: false,
  },
  {
    id: '10003',
    code: 10003,
    title: t('App ID 无效或应用未发布', 'Invalid App ID, or the app is not released'),
    meaning: t(
      '获取 tenant_access_token 时，平台不认可这个 App ID：它不存在、填写有误、属于另一个平台，或者应用还没有已发布的可用版本。消息接口还没有被调用。',
      'While getting the tenant_access_token, the platform did not accept the App ID: it does not exist, was mistyped, belongs to the other platform, or the app has no released version yet. The message endpoint was not called.',
    ),
    causes: l(
      [
        'App ID 填写错误、缺了字符或带有空格（App ID 以 cli_ 开头）。',
        '应用创建在飞书，配置却选择了 Lark 域名（或者相反）。',
        '应用尚未发布，或已被停用、删除。',
        '这是商店应用：商店应用不能通过自建应用的接口（tenant_access_token/internal）获取 token。',
      ],
      [
        'The App ID is mistyped, truncated or has spaces (App IDs start with cli_).',
        'The app was created on Feishu but the profile uses the Lark domain (or the other way round).',
        'The app has not been released yet, or has been disabled or deleted.',
        'It is a store app: store apps cannot get a token through the custom-app endpoint (tenant_access_token/internal).',
      ],
    ),
    steps: l(
      [
        '在开发者后台的“凭证与基础信息”页面复制 App ID，重新粘贴到配置中。',
        '确认配置的域名与应用所在平台一致（飞书：open.feishu.cn；Lark：open.larksuite.com）。',
        '在“应用发布 > 版本管理与发布”中确认应用至少有一个已发布且已启用的版本。',
        '如果这是商店应用，请改用一个企业自建应用运行检查器。',
      ],
      [
        'Copy the App ID from Credentials & Basic Info in the Developer Console and paste it into the profile again.',
        "Check that the profile's domain is the app's platform (Feishu: open.feishu.cn; Lark: open.larksuite.com).",
        'Under App Release > Version Management & Release, check that the app has at least one released, enabled version.',
        'If it is a store app, run the inspector with a custom app instead.',
      ],
    ),
    docs: [DOCS.appId, DOCS.tenantToken, DOCS.console],
    retryable: false,
  },
  {
    id: '10014',
    code: 10014,
    title: t('App Secret 无效', 'App secret invalid'),
    meaning: t(
      '获取 tenant_access_token 时，平台拒绝了配置中的 App Secret（msg 通常为 “app secret invalid”）。消息接口还没有被调用。',
      'While getting the tenant_access_token, the platform refused the profile\'s App Secret (msg usually reads "app secret invalid"). The message endpoint was not called.',
    ),
    causes: l(
      [
        'App Secret 复制不完整，或带有空格、换行。',
        'App Secret 已在开发者后台被重置，配置里还是旧值。',
        'App Secret 来自另一个应用，与 App ID 不匹配。',
      ],
      [
        'The App Secret was copied incompletely, or with spaces or line breaks.',
        'The App Secret was reset in the Developer Console and the profile still holds the old one.',
        'The App Secret belongs to another app and does not match the App ID.',
      ],
    ),
    steps: l(
      [
        '在开发者后台的“凭证与基础信息”页面查看 App Secret，完整复制后更新配置。',
        '如果 App Secret 已被重置（或怀疑泄露需要重置），使用新值，并同步更新所有使用该应用的服务。',
        '确认 App ID 与 App Secret 来自同一个应用后重试。',
      ],
      [
        'Look up the App Secret under Credentials & Basic Info in the Developer Console, copy all of it and update the profile.',
        'If the secret was reset (or must be, because it leaked), use the new one and update every service that uses the app.',
        'Make sure the App ID and App Secret come from the same app, then retry.',
      ],
    ),
    docs: [DOCS.tenantToken, DOCS.console],
    retryable: false,
  },
  {
    id: '10015',
    code: 10015,
    title: t('App Secret 错误', 'Wrong app secret'),
    meaning: t(
      '获取 tenant_access_token 时，平台认为 App Secret 与这个 App ID 不匹配。消息接口还没有被调用。',
      'While getting the tenant_access_token, the platform found that the App Secret does not match this App ID. The message endpoint was not called.',
    ),
    causes: l(
      [
        '配置里的 App Secret 属于另一个应用（例如测试应用与正式应用混用）。',
        'App Secret 已被重置，配置里还是旧值。',
        '复制时多了或少了字符。',
      ],
      [
        "The profile's App Secret belongs to another app (for example a test app mixed up with the production one).",
        'The App Secret was reset and the profile still holds the old one.',
        'Characters were added or lost when copying.',
      ],
    ),
    steps: l(
      [
        '在开发者后台打开与 App ID 对应的应用，在“凭证与基础信息”页面复制它的 App Secret。',
        '用这个值更新配置，确认 App ID 与 App Secret 成对来自同一个应用。',
        '重试获取消息。',
      ],
      [
        'Open the app matching the App ID in the Developer Console and copy its App Secret from Credentials & Basic Info.',
        'Update the profile with it, so that App ID and App Secret come as a pair from the same app.',
        'Fetch the message again.',
      ],
    ),
    docs: [DOCS.tenantToken, DOCS.appId, DOCS.console],
    retryable: false,
  },
  {
    id: '234043',
    code: 234043,
    title: t('不支持的消息类型（下载资源）', 'Unsupported message type (resource download)'),
    meaning: t(
      '这个错误出现在下载消息中的图片或文件时，而不是获取消息内容时。平台文档说明：卡片消息，以及合并转发消息（包括其子消息）中的资源，不能通过“获取消息中的资源文件”接口下载。',
      'This error comes from downloading an image or file of a message, not from getting the message content. The platform documents that resources of card messages, and of merge-forward messages (including their sub-messages), cannot be downloaded through the "get a resource file of a message" endpoint.',
    ),
    causes: l(
      ['要下载的资源位于卡片消息中。', '请求使用了合并转发消息或其子消息的 ID。'],
      ['The resource is inside a card message.', 'The request used the ID of a merge-forward message or of one of its sub-messages.'],
    ),
    steps: l(
      [
        '卡片中的图片无法通过此接口下载，请在飞书客户端中查看或保存。',
        '对于合并转发中的附件，实践中可以用最外层合并转发消息的 ID 搭配资源 key 下载（检查器会自动这样尝试）；如果仍然返回 234043，则该资源无法通过接口获取。',
      ],
      [
        'Images inside cards cannot be downloaded through this endpoint; view or save them in the Feishu client.',
        "For attachments inside a forward, in practice they can often be downloaded with the top-level forward message's ID and the resource key (the inspector tries this itself); if that still answers 234043, the resource cannot be fetched through the API.",
      ],
    ),
    docs: [DOCS.resource],
    retryable: false,
  },
  {
    id: '234003',
    code: 234003,
    title: t('资源不属于该消息', 'File not in message'),
    meaning: t(
      '下载资源时，资源 key（image_key 或 file_key）与消息 ID 不匹配：平台在这条消息中找不到这个资源。',
      'While downloading a resource, the resource key (image_key or file_key) does not match the message ID: the platform finds no such resource in this message.',
    ),
    causes: l(
      [
        '资源 key 取自另一条消息，或复制得不完整。',
        '在合并转发中使用了子消息自己的 ID：子消息里的附件要通过最外层合并转发消息的 ID 获取。',
      ],
      [
        'The resource key comes from another message, or was copied incompletely.',
        "Inside a forward, the sub-message's own ID was used: attachments of sub-messages are fetched through the top-level forward message's ID.",
      ],
    ),
    steps: l(
      [
        '确认资源 key 取自同一条消息的内容（body.content 中的 image_key 或 file_key）。',
        '如果这条消息位于合并转发中，改用最外层合并转发消息的 ID 搭配该资源 key 重试。',
        '仍然失败时，带上日志 ID 联系技术支持。',
      ],
      [
        "Check that the resource key comes from the same message's content (image_key or file_key in body.content).",
        "If the message sits inside a forward, retry with the top-level forward message's ID and the same key.",
        'If it still fails, contact support with the log ID.',
      ],
    ),
    docs: [DOCS.resource],
    retryable: false,
  },
  {
    id: '2200',
    code: 2200,
    title: t('平台内部错误', 'Platform internal error'),
    meaning: t(
      '平台在处理请求时发生了内部错误（msg 通常为 “Internal Error”），问题出在平台一侧，而不是你的配置。有些较大的合并转发消息会稳定地触发这个错误。',
      'The platform failed internally while handling the request (msg usually reads "Internal Error"); the problem is on the platform\'s side, not in your setup. Some large merge-forward messages trigger it consistently.',
    ),
    causes: l(
      ['平台服务暂时异常。', '消息过大或结构复杂（例如包含大量子消息的合并转发），平台处理失败。'],
      [
        'A platform service is temporarily failing.',
        'The message is very large or complex (for example a forward with many sub-messages) and the platform fails to process it.',
      ],
    ),
    steps: l(
      [
        '稍后重试（检查器会自动退避重试）。',
        '如果只有这一条消息反复出现此错误，而其他消息正常，多半是这条消息触发了平台问题：请带上日志 ID 和消息 ID 联系技术支持。',
      ],
      [
        'Retry later (the inspector backs off and retries by itself).',
        'If only this message keeps failing while others work, the message itself likely triggers a platform fault: contact support with the log ID and the message ID.',
      ],
    ),
    docs: [DOCS.genericErrors, DOCS.logId],
    retryable: true,
  },

  // ---- User-token codes: should not happen with the tenant token ------------------------------
  {
    id: '99991668',
    code: 99991668,
    title: t('user_access_token 无效（不应出现）', 'User access token invalid (unexpected)'),
    meaning: t(
      `${UNEXPECTED_ZH}它的含义是：请求携带的用户身份凭证（user_access_token）无效。出现时，说明请求实际带上了用户 token，或者平台鉴权出现了异常。`,
      `${UNEXPECTED_EN} What it means: the user access token (user_access_token) sent with the request is invalid. Seeing it means the request actually carried a user token, or the platform's authentication misbehaved.`,
    ),
    causes: l(
      ['请求经过的代理或网关替换了 Authorization 请求头。', '在别处以用户身份调用此接口时：用户 token 无效、已被吊销或格式错误。'],
      [
        'A proxy or gateway on the way replaced the Authorization header.',
        'When calling this endpoint elsewhere as a user: the user token is invalid, revoked or malformed.',
      ],
    ),
    steps: l(
      [
        '确认当前配置使用的是应用的 App ID 和 App Secret，而不是用户 token。',
        '检查代理设置，确认没有改写 Authorization 请求头。',
        '如果是你自己的代码以用户身份调用，请重新走授权流程获取新的 user_access_token。',
        '带上日志 ID 报告这个情况，便于排查。',
      ],
      [
        "Check that the profile uses the app's App ID and App Secret, not a user token.",
        'Check the proxy settings: the Authorization header must not be rewritten.',
        'If your own code calls as a user, go through authorization again to get a fresh user_access_token.',
        'Report the case with the log ID so it can be investigated.',
      ],
    ),
    docs: [DOCS.tokenTypes, DOCS.userToken],
    retryable: false,
    unexpected: true,
  },
  {
    id: '99991677',
    code: 99991677,
    title: t('user_access_token 已过期（不应出现）', 'User access token expired (unexpected)'),
    meaning: t(
      `${UNEXPECTED_ZH}它的含义是：请求携带的用户身份凭证（user_access_token）已过期。`,
      `${UNEXPECTED_EN} What it means: the user access token (user_access_token) sent with the request has expired.`,
    ),
    causes: l(
      ['请求经过的代理或网关替换了 Authorization 请求头。', '在别处以用户身份调用时：user_access_token 超过有效期后没有刷新。'],
      [
        'A proxy or gateway on the way replaced the Authorization header.',
        'When calling elsewhere as a user: the user_access_token outlived its validity without being refreshed.',
      ],
    ),
    steps: l(
      [
        '确认当前配置使用的是应用的 App ID 和 App Secret，而不是用户 token。',
        '检查代理设置，确认没有改写 Authorization 请求头。',
        '如果是你自己的代码以用户身份调用，请用 refresh_token 刷新 user_access_token，或让用户重新授权。',
        '带上日志 ID 报告这个情况，便于排查。',
      ],
      [
        "Check that the profile uses the app's App ID and App Secret, not a user token.",
        'Check the proxy settings: the Authorization header must not be rewritten.',
        'If your own code calls as a user, refresh the user_access_token with its refresh_token, or have the user authorize again.',
        'Report the case with the log ID so it can be investigated.',
      ],
    ),
    docs: [DOCS.tokenTypes, DOCS.userToken],
    retryable: false,
    unexpected: true,
  },
  {
    id: '99991679',
    code: 99991679,
    title: t('用户未授予所需权限（不应出现）', 'The user has not granted a required scope (unexpected)'),
    meaning: t(
      `${UNEXPECTED_ZH}它的含义是：当前的 user_access_token 没有获得所需的用户授权（msg 会列出这些权限），因此不能以用户身份调用此接口。`,
      `${UNEXPECTED_EN} What it means: the current user_access_token lacks a user authorization it needs (msg lists the scopes), so the endpoint cannot be called as that user.`,
    ),
    causes: l(
      [
        '应用没有在开发者后台开通对应的“用户身份权限”。',
        '用户授权时没有授予这些权限（获取 user_access_token 时没有传入所需的 scope）。',
        '请求经过的代理或网关替换了 Authorization 请求头，使请求以用户身份发出。',
      ],
      [
        'The app has not enabled the matching user-identity scopes in the Developer Console.',
        'The user did not grant those scopes when authorizing (the scopes were not requested when getting the user_access_token).',
        'A proxy or gateway replaced the Authorization header, so the request went out as a user.',
      ],
    ),
    steps: l(
      [
        '确认当前配置使用的是应用的 App ID 和 App Secret；检查器不应以用户身份调用。',
        '如果是你自己的代码以用户身份调用：在开发者后台“权限管理”中确认 msg 所列的用户身份权限已开通，任意一项即可。',
        '重新发起用户授权，并在授权时传入缺少的权限，以获取新的 user_access_token。',
        '带上日志 ID 报告这个情况，便于排查。',
      ],
      [
        "Check that the profile uses the app's App ID and App Secret; the inspector should never call as a user.",
        'If your own code calls as a user: in the Developer Console under Permissions & Scopes, check that one of the user-identity scopes listed in msg is enabled.',
        'Start user authorization again, requesting the missing scopes, to get a new user_access_token.',
        'Report the case with the log ID so it can be investigated.',
      ],
    ),
    docs: [DOCS.fix99991679, DOCS.tokenTypes],
    retryable: false,
    unexpected: true,
  },
  {
    id: '230020',
    code: 230020,
    title: t('触发消息操作限频（不应出现）', 'Message-operation frequency limit (unexpected)'),
    meaning: t(
      '平台表示“当前操作触发限频”。这个错误码属于发送、更新消息等写操作的限频（例如向同一个用户或群发送消息过快），读取消息内容时不应出现。出现时，说明平台把本次请求计入了消息操作的限频。',
      'The platform says "this operation triggers the frequency limit". This code belongs to the limits on sending and updating messages (for example sending to the same user or chat too fast) and should not occur when reading message content. If it does, the platform counted this request against a message-operation limit.',
    ),
    causes: l(
      ['同一个应用在短时间内对同一会话进行了大量消息操作（例如其他服务正在高频发送消息）。', '平台的限频策略有变化。'],
      [
        'The same app performed many message operations on the same chat in a short time (for example another service sending messages fast).',
        "The platform's limits have changed.",
      ],
    ),
    steps: l(
      [
        '等待几秒后重试，并降低批量查询的速度。',
        '检查同一个应用是否有其他服务在高频发送或更新消息。',
        '如果能稳定复现，带上日志 ID 报告给技术支持。',
      ],
      [
        'Wait a few seconds, retry, and slow the batch down.',
        'Check whether other services of the same app send or update messages at a high rate.',
        'If it happens reliably, report it to support with the log ID.',
      ],
    ),
    docs: [DOCS.rateLimits, DOCS.genericErrors],
    retryable: false,
    unexpected: true,
  },

  // ---- Failures without a platform code -------------------------------------------------------
  {
    id: 'http_5xx',
    title: t('平台服务器错误（HTTP 5xx）', 'Server error (HTTP 5xx)'),
    meaning: t(
      '平台或它前面的网关返回了 5xx 状态码，并且没有给出业务错误码。这是服务端的问题，通常是暂时的。',
      'The platform, or a gateway in front of it, answered with a 5xx status and no platform error code. It is a server-side problem, usually temporary.',
    ),
    causes: l(
      ['平台服务暂时不可用或正在升级。', '网关超时或上游不可用（502、503、504）。', '公司代理的上游出错，并以 5xx 状态码返回。'],
      [
        'A platform service is temporarily unavailable or being upgraded.',
        'A gateway timed out or its upstream was unavailable (502, 503, 504).',
        "A corporate proxy's upstream failed and the proxy answered with a 5xx status.",
      ],
    ),
    steps: l(
      [
        '稍后重试（检查器会自动退避重试）。',
        '如果持续几分钟都失败，确认是否只在公司网络或代理下出现。',
        '仍然失败时，带上状态码和日志 ID（如果有）联系技术支持。',
      ],
      [
        'Retry later (the inspector backs off and retries by itself).',
        'If it keeps failing for minutes, check whether it happens only on the corporate network or behind a proxy.',
        'If it still fails, contact support with the status code and the log ID (if any).',
      ],
    ),
    docs: [DOCS.genericErrors, DOCS.logId],
    retryable: true,
  },
  {
    id: 'http_other',
    title: t('HTTP 错误（无错误码）', 'HTTP error without an error code'),
    meaning: t(
      '服务器返回了 HTTP 错误状态码，但响应中没有平台的错误码。这通常说明请求没有到达飞书开放平台的接口，或者被中间的代理拦截了。',
      'The server answered with an HTTP error status but no platform error code. Usually the request never reached the Feishu Open Platform API, or a proxy in between stopped it.',
    ),
    causes: l(
      ['配置的域名或地址有误（例如 404 Not Found）。', '公司代理要求认证（407），或拒绝了访问（403）。', '请求被防火墙或安全网关拦截。'],
      [
        'The configured domain or address is wrong (for example 404 Not Found).',
        'A corporate proxy requires authentication (407) or refused access (403).',
        'A firewall or security gateway blocked the request.',
      ],
    ),
    steps: l(
      [
        '查看下方的原始响应体，判断响应来自哪里（飞书开放平台、代理或其他服务）。',
        '确认配置的域名是 https://open.feishu.cn（飞书）或 https://open.larksuite.com（Lark）。',
        '如果需要通过代理访问，确认代理设置正确，并允许访问上述域名。',
        '仍然无法判断时，带上状态码和日志 ID（如果有）联系技术支持。',
      ],
      [
        'Look at the raw body below to see who answered (the Feishu Open Platform, a proxy, or something else).',
        "Check that the profile's domain is https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark).",
        'If you must go through a proxy, check its settings and that it allows those domains.',
        'If that does not settle it, contact support with the status code and the log ID (if any).',
      ],
    ),
    docs: [DOCS.getMessage, DOCS.genericErrors],
    retryable: false,
  },
  {
    id: 'timeout',
    title: t('请求超时', 'Request timed out'),
    meaning: t(
      '在超时时间内没有收到平台的完整响应。请求可能根本没有到达平台，也可能平台已经处理，但响应没能及时返回。',
      'No complete answer arrived from the platform in time. The request may never have reached it, or it was handled but the answer did not come back in time.',
    ),
    causes: l(
      ['网络缓慢或不稳定。', '代理或 VPN 增加了很大的延迟。', '平台处理得慢，例如包含大量子消息的合并转发消息。'],
      [
        'The network is slow or unstable.',
        'A proxy or VPN adds a lot of latency.',
        'The platform is slow to answer, for example for a merge-forward message with many sub-messages.',
      ],
    ),
    steps: l(
      [
        '重试（检查器会自动退避重试）。',
        '检查网络、代理或 VPN 是否正常。',
        '如果只有某一条消息超时，稍后再试。',
        '持续超时时，确认本机能否访问配置的域名（open.feishu.cn 或 open.larksuite.com）。',
      ],
      [
        'Retry (the inspector backs off and retries by itself).',
        'Check the network, proxy or VPN.',
        'If only one message times out, try it again later.',
        'If every request times out, check that this machine can reach the configured domain (open.feishu.cn or open.larksuite.com).',
      ],
    ),
    docs: [DOCS.getMessage],
    retryable: true,
  },
  {
    id: 'network',
    title: t('网络错误', 'Network error'),
    meaning: t(
      '没能与平台建立连接，或者连接中途断开，例如 DNS 解析失败、TLS 证书错误、连接被拒绝或被重置。请求没有得到平台的任何响应。',
      'No connection to the platform could be made, or it broke: DNS lookup failed, the TLS certificate was refused, the connection was refused or reset. The platform gave no answer at all.',
    ),
    causes: l(
      [
        '本机离线，或网络不可用。',
        'DNS 无法解析 open.feishu.cn 或 open.larksuite.com（错误信息中常见 ENOTFOUND）。',
        '公司防火墙或代理拦截了连接（ECONNREFUSED、ECONNRESET），需要配置代理。',
        '公司代理会检查 TLS 流量，使用了本机不信任的证书（错误信息中提到 certificate、CERT 或 SSL）。',
      ],
      [
        'This machine is offline or the network is down.',
        'DNS cannot resolve open.feishu.cn or open.larksuite.com (ENOTFOUND in the message is typical).',
        'A corporate firewall or proxy blocks the connection (ECONNREFUSED, ECONNRESET) and a proxy must be configured.',
        'A corporate proxy inspects TLS with a certificate this machine does not trust (the message mentions certificate, CERT or SSL).',
      ],
    ),
    steps: l(
      [
        '查看 msg 中的具体原因：ENOTFOUND 表示 DNS，ECONNREFUSED 或 ECONNRESET 表示连接被拒或被重置，CERT 或 SSL 表示证书问题。',
        '在浏览器中打开 https://open.feishu.cn（Lark 为 https://open.larksuite.com），确认本机能访问。',
        '如果公司网络需要代理或自签根证书，按公司要求配置后重试。',
        '网络恢复后重试（检查器会自动退避重试）。',
      ],
      [
        'Read the reason in msg: ENOTFOUND means DNS, ECONNREFUSED or ECONNRESET a refused or reset connection, CERT or SSL a certificate problem.',
        'Open https://open.feishu.cn (for Lark https://open.larksuite.com) in a browser to check that this machine can reach it.',
        'If the corporate network needs a proxy or its own root certificate, set that up as your company requires and retry.',
        'Retry once the network is back (the inspector backs off and retries by itself).',
      ],
    ),
    docs: [DOCS.getMessage],
    retryable: true,
  },
  {
    id: 'not_json',
    title: t('响应不是 JSON', 'The response is not JSON'),
    meaning: t(
      '服务器返回了内容，但不是开放平台的 JSON 格式（例如一个 HTML 页面）。这通常是代理、网络登录页或网关的错误页，而不是飞书开放平台接口的响应。',
      "The server answered, but not with the Open Platform's JSON (for example with an HTML page). It is usually a proxy, a network login page or a gateway error page rather than a Feishu Open Platform response.",
    ),
    causes: l(
      [
        '公司代理或网络登录页（例如酒店、机场的上网认证页面）拦截了请求。',
        '配置的地址不是开放平台的接口地址。',
        '网关出错，返回了 HTML 错误页。',
      ],
      [
        'A corporate proxy or a network login page (as in hotels or airports) intercepted the request.',
        'The configured address is not the Open Platform API address.',
        'A gateway failed and answered with an HTML error page.',
      ],
    ),
    steps: l(
      [
        '查看下方的原始响应体，判断它来自哪里。',
        '确认配置的域名是 https://open.feishu.cn（飞书）或 https://open.larksuite.com（Lark）。',
        '如果需要在浏览器中完成网络登录，或需要配置代理，完成后再重试。',
      ],
      [
        'Look at the raw body below to see where it came from.',
        "Check that the profile's domain is https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark).",
        'If the network needs a browser login or a proxy, set that up, then retry.',
      ],
    ),
    docs: [DOCS.getMessage],
    retryable: false,
  },
  {
    id: 'truncated_json',
    title: t('响应被截断', 'The response was cut short'),
    meaning: t(
      '收到的 JSON 不完整，在中途被截断，无法解析。通常是连接在传输过程中断开了。',
      'The JSON that arrived is incomplete, cut off midway, and cannot be parsed. Usually the connection broke during the transfer.',
    ),
    causes: l(
      ['网络在传输过程中中断。', '代理限制了响应大小，或提前关闭了连接。', '平台在返回响应的过程中出现异常。'],
      [
        'The network dropped during the transfer.',
        'A proxy limits response sizes or closed the connection early.',
        'The platform failed while sending its answer.',
      ],
    ),
    steps: l(
      [
        '重试一次。',
        '如果同一条消息反复出现此问题，检查代理是否限制了响应大小。',
        '仍然失败时，带上日志 ID（如果有）和原始响应体联系技术支持。',
      ],
      [
        'Retry once.',
        'If the same message keeps failing this way, check whether a proxy limits response sizes.',
        'If it still fails, contact support with the log ID (if any) and the raw body.',
      ],
    ),
    docs: [DOCS.getMessage],
    retryable: false,
  },
  {
    id: 'too_large',
    title: t('资源太大', 'The resource is too large'),
    meaning: t(
      '要下载的图片或文件超过了这里能处理的大小上限（{msg}）。检查器在超过上限时就停止了下载（或者根据 Content-Length 直接拒绝），没有把整个文件读入内存。',
      'The image or file is larger than this view can take ({msg}). The inspector stopped the download as soon as it passed the limit (or refused it from its Content-Length) instead of reading the whole file into memory.',
    ),
    causes: l(
      ['文件本身超过了预览和保存的上限（25 MB）；平台允许的资源最大为 100 MB。', '代理或网关返回了远大于资源本身的内容。'],
      [
        'The file itself is over the limit of Preview and Save (25 MB); the platform serves resources of up to 100 MB.',
        'A proxy or gateway answered with something much larger than the resource.',
      ],
    ),
    steps: l(
      [
        '在飞书客户端中打开这条消息，在那里查看或下载文件。',
        '需要通过接口获取时，直接调用“获取消息中的资源文件”接口，并把响应流式写入文件。',
        '如果文件应当很小，检查网络中的代理是否替换了响应。',
      ],
      [
        'Open the message in the Feishu client and view or download the file there.',
        'To get it through the API, call the "get a resource file of a message" endpoint directly and stream the answer to a file.',
        'If the file should be small, check whether a proxy on the network replaced the answer.',
      ],
    ),
    docs: [DOCS.resource],
    retryable: false,
  },
  {
    id: 'unknown',
    title: t('未收录的错误', 'Error not in the catalogue'),
    meaning: t(
      '平台返回了错误码 {code}（msg：{msg}），本目录中还没有它的说明。下方原样列出错误码、msg、日志 ID 和原始响应体，可以据此查阅文档或联系技术支持。',
      'The platform answered with error code {code} (msg: {msg}), which this catalogue does not describe yet. The code, msg, log ID and raw body are shown below as they came, to look it up in the documentation or to send to support.',
    ),
    causes: l(
      ['这是此接口上少见的错误，或者是平台新增的错误码；msg 中通常已经说明了原因。'],
      ['It is a rare error for this endpoint, or a code the platform added recently; msg usually states the reason.'],
    ),
    steps: l(
      [
        '阅读 msg 和原始响应体中的说明；如果有排查建议链接，先打开查看。',
        '在飞书开放平台文档中搜索这个错误码（通用错误码页面，或接口文档末尾的错误码表）。',
        '联系技术支持时，提供日志 ID、错误码和原始响应体。',
      ],
      [
        'Read msg and the raw body; if there is a troubleshooting link, open it first.',
        "Search the Feishu Open Platform documentation for the code (the generic error codes page, or the error table at the end of the endpoint's page).",
        'When contacting support, give the log ID, the code and the raw body.',
      ],
    ),
    docs: [DOCS.genericErrors, DOCS.getMessage, DOCS.logId],
    retryable: false,
  },
];

const BY_ID: ReadonlyMap<string, CatalogueEntry> = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

/** The entry with this id, or undefined. */
export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return BY_ID.get(id);
}

/** The entry for a platform code, or undefined when the code is not catalogued. */
export function catalogueEntryForCode(code: number): CatalogueEntry | undefined {
  const entry = BY_ID.get(String(code));
  return entry?.code === code ? entry : undefined;
}

/** The fallback entry; always present. */
export function unknownEntry(): CatalogueEntry {
  const entry = BY_ID.get('unknown');
  if (!entry) throw new Error('error catalogue has no "unknown" entry');
  return entry;
}
