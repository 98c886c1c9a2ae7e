/**
 * The message API's own codes, as the seed page's error table lists them (seed/get-message.md,
 * HTTP 400): the message, the chat, the bot and the app's availability.
 */

import { listByLanguage, type Bilingual } from '../../base/lang';
import { DOCS } from './docs';
import type { CatalogueEntry } from './entry';

/** The codes of the seed page's error table. */
export const SEED_CODES: readonly number[] = [230001, 230002, 230006, 230013, 230027, 230050, 230110];

/** The way out of "the bot may not read this chat" for a support engineer: a user who is in it. */
const TRY_AS_USER: Bilingual<string> = {
  'zh-CN':
    '不方便添加机器人时：以一个在该群中的用户身份登录，再以用户身份查询（应用中的“以用户身份查询”，命令行的 --as user）；用户身份能读取该用户所在的所有会话。',
  en: 'If the bot cannot be added: sign in as a user who is in the chat and look the message up as that user ("Try as user" in the app, `--as user` in the CLI); a user can read every chat they are in.',
};

export const MESSAGE_ENTRIES: readonly CatalogueEntry[] = [
  {
    id: '230001',
    code: 230001,
    title: { 'zh-CN': '请求参数无效', en: 'Invalid request parameter' },
    meaning: {
      'zh-CN':
        '平台认为本次请求中的某个参数不合法。对“获取指定消息的内容”来说，几乎总是路径中的消息 ID 有问题，少数情况下是查询参数 user_id_type 或 card_msg_content_type 的取值不被接受。msg 中 “ext=” 之后的文字会指出是哪个参数。',
      en: 'The platform rejected one of the request\'s parameters. For "get message content" it is almost always the message ID in the path, occasionally the value of the user_id_type or card_msg_content_type query parameter. The text after "ext=" in msg names the parameter.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '消息 ID 不完整或格式不对：应以 om_ 开头、共 35 个字符，复制时可能丢了字符，或带上了空格、引号。',
        en: 'The message ID is incomplete or malformed: it starts with om_ and has 35 characters; characters may have been lost in copying, or spaces or quotes added.',
      },
      {
        'zh-CN': '填入的不是消息 ID，而是话题 ID（omt_…）、群 ID（oc_…）或用户 ID（ou_…）等其他 ID。',
        en: 'What was entered is not a message ID but another ID: a thread (omt_…), chat (oc_…) or user (ou_…) ID.',
      },
      {
        'zh-CN': '消息 ID 来自另一个租户或另一个平台（例如测试租户与正式租户、飞书与 Lark），在当前应用所在的租户中不存在。',
        en: 'The message ID comes from another tenant or platform (test vs production tenant, Feishu vs Lark) and does not exist in the tenant of the current app.',
      },
      { 'zh-CN': 'user_id_type 不是 open_id、union_id、user_id 之一。', en: 'user_id_type is not one of open_id, union_id, user_id.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '查看 msg 中 “ext=” 之后的内容，确认是哪个参数无效（例如 “invalid message_id”）。',
        en: 'Read what follows "ext=" in msg to see which parameter is invalid (for example "invalid message_id").',
      },
      {
        'zh-CN': '核对消息 ID：以 om_ 开头、共 35 个字符，不含空格或引号；话题 ID（omt_）和群 ID（oc_）不能用于此接口。',
        en: 'Check the message ID: om_ followed by the rest, 35 characters in all, no spaces or quotes; thread IDs (omt_) and chat IDs (oc_) do not work with this endpoint.',
      },
      {
        'zh-CN': '确认当前配置（App ID 与域名）与这条消息属于同一个租户和同一个平台（飞书或 Lark）。',
        en: 'Make sure the current profile (App ID and domain) belongs to the same tenant and platform (Feishu or Lark) as the message.',
      },
      {
        'zh-CN': '如果指定了 user_id_type，只能取 open_id、union_id 或 user_id。',
        en: 'If user_id_type is set, it must be open_id, union_id or user_id.',
      },
      {
        'zh-CN': '参数都核对无误仍然报错时，带上日志 ID 联系飞书技术支持。',
        en: 'If every parameter checks out and the error persists, contact Feishu support with the log ID.',
      },
    ),
    docs: [DOCS.fix230001, DOCS.getMessage],
    retryable: false,
  },
  {
    id: '230002',
    code: 230002,
    title: { 'zh-CN': '机器人不在消息所在的群组中', en: "The bot is not in the message's chat" },
    meaning: {
      'zh-CN': '应用的机器人不在这条消息所在的群组里，因此不能读取这条消息。以应用身份读取消息时，机器人必须是该会话的成员。',
      en: "The app's bot is not a member of the chat the message belongs to, so it may not read the message. When reading messages as the app, the bot must be a member of that chat.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '机器人从未被添加到该群，或后来被移出了群。',
        en: 'The bot was never added to the chat, or has been removed from it since.',
      },
      {
        'zh-CN': '消息其实来自另一个群：复制消息链接或 ID 时取错了会话。',
        en: 'The message actually comes from another chat: the link or ID was copied from the wrong conversation.',
      },
      {
        'zh-CN': '当前配置使用的是另一个应用（App ID），而被拉进群的是别的应用的机器人。',
        en: 'The current profile uses a different app (App ID) from the one whose bot was added to the chat.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '确认消息所在的群（可以请发送者或群成员在飞书客户端中查看）。',
        en: 'Find out which chat the message is in (the sender or a chat member can check in the Feishu client).',
      },
      {
        'zh-CN': '将应用机器人添加到该群：在飞书客户端打开群设置，进入“群机器人”，添加当前配置所用应用的机器人（参考“机器人使用指南”）。',
        en: "Add the app's bot to that chat: open the chat settings in the Feishu client, go to Bots, and add the bot of the app this profile uses (see the bot guide).",
      },
      {
        'zh-CN': '确认当前配置的 App ID 与群里机器人所属的应用一致。',
        en: "Check that the profile's App ID is the app whose bot is in the chat.",
      },
      { 'zh-CN': '添加完成后，重新获取这条消息。', en: 'Once the bot is in the chat, fetch the message again.' },
      TRY_AS_USER,
    ),
    docs: [DOCS.botGuide, DOCS.getMessage],
    retryable: false,
    asUser: {
      title: { 'zh-CN': '登录的用户不在消息所在的群组中', en: "The signed-in user is not in the message's chat" },
      meaning: {
        'zh-CN': '这次以用户身份查询，而这个用户也不是消息所在会话的成员，因此不能读取这条消息。用户身份只能读取该用户所在的会话。',
        en: 'This lookup was made as a user, and that user is not a member of the chat the message belongs to either, so the message cannot be read. A user can read only the chats they are in.',
      },
      causes: listByLanguage(
        {
          'zh-CN': '这个用户从未加入该群，或已经退出。',
          en: 'The user never joined the chat, or has left it.',
        },
        {
          'zh-CN': '消息其实来自另一个群：复制消息链接或 ID 时取错了会话。',
          en: 'The message actually comes from another chat: the link or ID was copied from the wrong conversation.',
        },
        {
          'zh-CN': '登录的是另一个用户，或另一个企业的账号。',
          en: 'Another user, or an account of another organisation, is signed in.',
        },
      ),
      steps: listByLanguage(
        {
          'zh-CN': '确认消息所在的群（可以请发送者或群成员在飞书客户端中查看）。',
          en: 'Find out which chat the message is in (the sender or a chat member can check in the Feishu client).',
        },
        {
          'zh-CN': '以该群的一个成员重新登录，或请群成员把这个用户拉进群。',
          en: 'Sign in again as a member of that chat, or ask a member to add this user to it.',
        },
        {
          'zh-CN': '或者把应用机器人添加到该群，改回以机器人身份查询。',
          en: "Or add the app's bot to the chat and look the message up as the bot.",
        },
      ),
    },
  },
  {
    id: '230006',
    code: 230006,
    title: { 'zh-CN': '应用未启用机器人能力', en: 'Bot ability is not enabled' },
    meaning: {
      'zh-CN': '调用此接口的应用必须开启机器人能力。当前应用没有开启，或者开启后还没有发布包含该能力的版本。',
      en: 'The app calling this endpoint must have the bot ability. This app does not, or it was added but no version including it has been released yet.',
    },
    causes: listByLanguage(
      { 'zh-CN': '应用创建后从未添加“机器人”能力。', en: 'The bot ability was never added to the app.' },
      {
        'zh-CN': '已添加机器人能力，但还没有创建并发布新版本（企业自建应用的能力变更要发布后才生效）。',
        en: "The bot ability was added, but no new version was created and released (a custom app's capabilities change only once released).",
      },
      {
        'zh-CN': '配置中的 App ID 指向另一个没有开启机器人能力的应用。',
        en: "The profile's App ID points to another app, one without the bot ability.",
      },
    ),
    steps: listByLanguage(
      { 'zh-CN': '登录开发者后台，进入该应用的详情页。', en: 'Sign in to the Developer Console and open the app.' },
      {
        'zh-CN': '在“添加应用能力”中添加“机器人”能力（参见“如何启用机器人能力”）。',
        en: 'Under Add Features, add the Bot ability (see "How to enable the bot ability").',
      },
      {
        'zh-CN': '进入“应用发布 > 版本管理与发布”，创建版本并发布；需要审核时，等待企业管理员审核通过。',
        en: 'Go to App Release > Version Management & Release, create a version and release it; if it needs review, wait for the tenant admin to approve it.',
      },
      {
        'zh-CN': '发布生效后，把机器人添加到消息所在的群，再重新获取消息。',
        en: "Once released, add the bot to the message's chat and fetch the message again.",
      },
    ),
    docs: [DOCS.enableBot, DOCS.console],
    retryable: false,
  },
  {
    id: '230013',
    code: 230013,
    title: { 'zh-CN': '机器人对该用户不可用', en: 'The bot is not available to this user' },
    meaning: {
      'zh-CN':
        '这条消息所在单聊的用户不在应用机器人的可用范围内，或者在应用的禁用范围内，因此机器人不能读取这段会话。注意：用户离职后也会报 230013。',
      en: "The user of the one-to-one chat holding this message is outside the availability of the app's bot, or in its disabled list, so the bot may not read that chat. Note: a user who has left the company also produces 230013.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '该用户不在应用的可用范围内（可用范围只包含部分部门或人员）。',
        en: "The user is outside the app's availability (it covers only some departments or people).",
      },
      {
        'zh-CN': '企业管理员在管理后台把该用户设置为了应用的禁用成员。',
        en: 'The tenant admin set the user as a disabled member of the app in the Admin Console.',
      },
      { 'zh-CN': '该用户已离职。', en: 'The user has left the company.' },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '登录开发者后台，找到并进入指定应用的详情页。',
        en: 'Sign in to the Developer Console, find the app and open its details.',
      },
      {
        'zh-CN': '在左侧导航栏进入“应用发布 > 版本管理与发布”页面，点击“创建版本”。',
        en: 'In the left navigation go to App Release > Version Management & Release and click Create Version.',
      },
      {
        'zh-CN': '在“版本详情”页面，找到“可用范围”区域，点击“编辑”。',
        en: 'On the Version Details page, find the Availability section and click Edit.',
      },
      {
        'zh-CN': '在弹出的对话框内配置应用的可用范围，将该用户添加至可用范围内。',
        en: "In the dialog, configure the app's availability and add the user to it.",
      },
      {
        'zh-CN': '在页面底部点击“保存”，并发布应用使配置生效。',
        en: 'Click Save at the bottom of the page, then release the app so the change takes effect.',
      },
      {
        'zh-CN':
          '（可选）如果以上配置完成后仍然报错，请联系企业管理员登录管理后台，在“工作台 > 应用管理”中进入该应用的详情页，在“应用可用范围”内查看该用户是否被设置为“禁用成员”。',
        en: '(Optional) If the error persists after that, ask the tenant admin to open the Admin Console, go to Workplace > App Management, open the app, and check under App Availability whether the user is listed as a disabled member.',
      },
    ),
    docs: [DOCS.availability, DOCS.console, DOCS.admin],
    retryable: false,
  },
  {
    id: '230027',
    code: 230027,
    title: { 'zh-CN': '缺少必要的权限', en: 'Lack of necessary permissions' },
    meaning: {
      'zh-CN': '无权进行本次操作。平台通常会在 msg 的 “ext=” 部分写明缺什么（例如 “need scope: …”），错误详情中也可能附带排查建议链接。',
      en: 'The app is not allowed to perform this operation. The platform usually says what is missing in the "ext=" part of msg (for example "need scope: …"), and the error details may include a troubleshooting link.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '缺少相应权限（scope），可根据实际的错误信息（msg 中的 ext=、缺少的权限列表）进行排查。',
        en: 'A scope is missing; the actual error (the ext= part of msg, the missing-scope list) says which.',
      },
      {
        'zh-CN':
          '未检查到用户授权信息：以用户身份调用时，用户没有授予所需权限（检查器以应用身份调用，出现这种情况时请核对请求实际使用的身份）。',
        en: 'No user authorization was found: when calling as a user, the user has not granted the required scope (the inspector calls as the app; if this shows up, check which identity the request really used).',
      },
      {
        'zh-CN': '消息位于外部群（包含其他企业成员的群），而机器人没有开启对外共享能力。',
        en: 'The message is in an external group (one with members of other companies) and the bot has not been enabled for external sharing.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '阅读 msg 中 “ext=” 之后的说明和下方列出的缺少权限；如有排查建议链接，先打开查看。',
        en: 'Read what follows "ext=" in msg and the missing scopes listed below; if there is a troubleshooting link, open it first.',
      },
      {
        'zh-CN': '如果缺少权限：在开发者后台的“开发配置 > 权限管理”中开通所列权限（可直接使用下方的申请链接），然后创建并发布新版本。',
        en: 'If a scope is missing: enable it in the Developer Console under Development Configuration > Permissions & Scopes (the apply link below goes straight there), then create and release a new version.',
      },
      {
        'zh-CN': '如果消息来自外部群：先为机器人开启对外共享能力（参见“机器人支持外部群和外部用户单聊”），再把机器人加入该外部群。',
        en: 'If the message is in an external group: first enable external sharing for the bot (see "Bots in external groups"), then add the bot to that group.',
      },
      {
        'zh-CN': '处理完成后重试；仍然报错时，带上日志 ID 联系技术支持。',
        en: 'Retry once done; if it still fails, contact support with the log ID.',
      },
      TRY_AS_USER,
    ),
    docs: [DOCS.externalGroup, DOCS.fix99991672, DOCS.getMessage],
    retryable: false,
    asUser: {
      meaning: {
        'zh-CN':
          '这次以用户身份查询，但无权进行本次操作。平台通常会在 msg 的 “ext=” 部分写明缺什么（例如 “need scope: …”）：以用户身份读取消息需要用户授予 im:message.p2p_msg:get_as_user（单聊）或 im:message.group_msg:get_as_user（群聊）；用户不在该会话中时也可能得到这个错误码。',
        en: 'This lookup was made as a user, who is not allowed to perform it. The platform usually says what is missing in the "ext=" part of msg (for example "need scope: …"): reading as a user needs the user to have granted im:message.p2p_msg:get_as_user (one-to-one chats) or im:message.group_msg:get_as_user (groups); a user who is not in the chat can get this code too.',
      },
      causes: listByLanguage(
        {
          'zh-CN': '应用没有开通所需的用户身份权限，或用户登录时没有授予。',
          en: 'The app has not enabled the user-identity scope needed, or the user did not grant it at sign-in.',
        },
        {
          'zh-CN': '这个用户不在消息所在的会话中。',
          en: "The user is not in the message's chat.",
        },
        {
          'zh-CN': '消息位于外部群，而用户或应用不能访问外部会话。',
          en: 'The message is in an external group, which the user or the app may not access.',
        },
      ),
      steps: listByLanguage(
        {
          'zh-CN': '阅读 msg 中 “ext=” 之后的说明和下方列出的缺少权限；如有排查建议链接，先打开查看。',
          en: 'Read what follows "ext=" in msg and the missing scopes listed below; if there is a troubleshooting link, open it first.',
        },
        {
          'zh-CN': '如果缺少权限：用下方的申请链接开通用户身份权限并发布版本，然后重新登录，在授权页同意这些权限。',
          en: 'If a scope is missing: enable the user-identity scope with the apply link below and release a version, then sign in again and consent to it on the authorize page.',
        },
        {
          'zh-CN': '如果这个用户不在该会话中：以该会话的一个成员重新登录，或改回以机器人身份查询。',
          en: 'If the user is not in the chat: sign in again as a member of it, or look the message up as the bot.',
        },
      ),
    },
  },
  {
    id: '230050',
    code: 230050,
    title: { 'zh-CN': '消息对当前操作者不可见', en: 'The message is invisible to the operator' },
    meaning: {
      'zh-CN': '这条消息存在，但对当前操作者（应用机器人）不可见，因此无法获取它的内容。',
      en: "The message exists but is not visible to the operator (the app's bot), so its content cannot be fetched.",
    },
    causes: listByLanguage(
      {
        'zh-CN': '机器人是在消息发送之后才入群的，而该群关闭了“新成员可查看历史消息”。',
        en: 'The bot joined the chat after the message was sent, and the chat has "new members can view chat history" turned off.',
      },
      {
        'zh-CN': '这条消息只对会话中的部分成员可见（例如仅特定用户可见的卡片消息）。',
        en: 'The message is visible only to some members of the chat (for example a card shown only to particular users).',
      },
    ),
    steps: listByLanguage(
      { 'zh-CN': '比较消息的发送时间与机器人入群的时间。', en: 'Compare when the message was sent with when the bot joined the chat.' },
      {
        'zh-CN': '如果机器人是后来入群的，请群主或群管理员在群设置中开启“新成员可查看历史消息”，然后重试。',
        en: 'If the bot joined later, ask the chat owner or an admin to turn on "new members can view chat history" in the chat settings, then retry.',
      },
      {
        'zh-CN': '只对特定成员可见的消息无法通过此接口读取，请向能看到它的成员索取内容。',
        en: 'A message visible only to particular members cannot be read through this endpoint; ask someone who can see it for its content.',
      },
      { 'zh-CN': '以上都不符合时，带上日志 ID 联系技术支持。', en: 'If neither applies, contact support with the log ID.' },
    ),
    docs: [DOCS.getMessage, DOCS.genericErrors],
    retryable: false,
  },
  {
    id: '230110',
    code: 230110,
    title: { 'zh-CN': '消息已被删除', en: 'The message has been deleted' },
    meaning: {
      'zh-CN':
        '平台认为这条消息已被删除，无法再获取它的内容。请注意与“撤回”区分：被撤回的消息通常仍能查到，表现为 deleted: true 且内容为空，或者返回空的 items 列表——检查器会把这两种情况显示为已撤回或已删除的消息，而不是这个错误。',
      en: 'The platform considers this message deleted; its content can no longer be fetched. Not to be confused with a recall: a recalled message can usually still be fetched, coming back with deleted: true and empty content, or as an empty items list; the inspector shows those as a recalled or deleted message, not as this error.',
    },
    causes: listByLanguage(
      {
        'zh-CN': '消息已被发送者或管理员删除（通过接口撤回的消息，平台有时也会报告为已删除）。',
        en: 'The sender or an admin deleted the message (a message recalled through the API is sometimes reported as deleted, too).',
      },
      {
        'zh-CN': '企业设置了消息保留期限，消息到期后已被清理。',
        en: 'The tenant has a message retention period and the message has been cleared after it expired.',
      },
      {
        'zh-CN': '消息 ID 取自旧的日志或事件，对应的消息早已删除。',
        en: 'The message ID was taken from an old log or event, and that message was deleted long ago.',
      },
    ),
    steps: listByLanguage(
      {
        'zh-CN': '在飞书客户端中查看这条消息是否还在，或是否显示为已撤回。',
        en: 'Check in the Feishu client whether the message is still there, or shows as recalled.',
      },
      {
        'zh-CN': '如果客户端中消息仍然可见，请核对消息 ID 是否复制正确；无误时带上日志 ID 联系技术支持。',
        en: 'If the client still shows the message, check that the message ID was copied correctly; if it was, contact support with the log ID.',
      },
      {
        'zh-CN': '已删除消息的内容无法通过接口恢复；如果需要留存，请在收到消息事件时自行保存内容。',
        en: "A deleted message's content cannot be recovered through the API; to keep messages, store their content when the message event arrives.",
      },
    ),
    docs: [DOCS.getMessage],
    retryable: false,
  },
];
