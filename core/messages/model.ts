/**
 * The typed view of one message's content, whatever its `msg_type`. A view always exists:
 * content the decoders cannot read becomes `broken` or `unknown_type` with the raw string kept,
 * so the viewer can always show *something* and say why.
 *
 * For every known `msg_type` the view's `kind` equals the `msg_type`; the extra kinds
 * `recalled`, `unknown_type` and `broken` say what happened instead.
 */

/** Known `msg_type` values of the GET message endpoint and the receive event. */
export const KNOWN_MSG_TYPES = [
  'text',
  'post',
  'image',
  'file',
  'audio',
  'media',
  'sticker',
  'interactive',
  'share_chat',
  'share_user',
  'system',
  'location',
  'video_chat',
  'todo',
  'vote',
  'hongbao',
  'share_calendar_event',
  'calendar',
  'general_calendar',
  'folder',
  'merge_forward',
] as const;

export type KnownMsgType = (typeof KNOWN_MSG_TYPES)[number];

export type CalendarMsgType = 'share_calendar_event' | 'calendar' | 'general_calendar';

/* ------------------------------------------------------------------------------------------ */
/* Inline runs shared by text, post, todo summaries and cards                                  */
/* ------------------------------------------------------------------------------------------ */

/** Post styles as the platform names them (`bold`, `italic`, `underline`, `lineThrough`), plus `code` from cards. */
export type RunStyle = string;

export interface TextRun {
  type: 'text';
  text: string;
  style?: RunStyle[];
}

export interface MentionRun {
  type: 'mention';
  /** Display name; `null` when nothing names this user (an unresolved placeholder, a bare id). */
  name: string | null;
  /** The user's id when known: open_id in events, the `user_id_type` asked for in API answers. */
  id?: string;
  /** Which kind of id `id` is (`open_id`, `union_id`, `user_id`, `app_id`), when known. */
  idType?: string;
  /** The placeholder as written in the content (`@_user_1`, `@_all`), or the raw `user_id` of an `at` element. */
  key: string;
  /** `@_all` / `user_id: "all"`: everyone in the chat. */
  all?: boolean;
}

export interface LinkRun {
  type: 'link';
  text: string;
  href: string;
  style?: RunStyle[];
}

export interface ImageRun {
  type: 'image';
  imageKey: string;
}

export interface MediaRun {
  type: 'media';
  fileKey: string;
  imageKey?: string;
}

export interface EmotionRun {
  type: 'emotion';
  emojiType: string;
}

export interface CodeBlockRun {
  type: 'code_block';
  language?: string;
  text: string;
}

export interface HrRun {
  type: 'hr';
}

export type InlineRun = TextRun | MentionRun | LinkRun | ImageRun | MediaRun | EmotionRun | CodeBlockRun | HrRun;

/** A line of runs. An empty array is an empty paragraph (posts do send `[]`). */
export type Paragraph = InlineRun[];

/** A card button, with the URL it opens when it opens one. */
export interface ButtonRun {
  type: 'button';
  text: string;
  href?: string;
}

/** An interactive card control (select, overflow, date picker, input, chart…) shown by its label. */
export interface WidgetRun {
  type: 'widget';
  tag: string;
  text?: string;
  options?: string[];
}

export type CardRun = InlineRun | ButtonRun | WidgetRun;
export type CardParagraph = CardRun[];

/* ------------------------------------------------------------------------------------------ */
/* Views                                                                                       */
/* ------------------------------------------------------------------------------------------ */

export interface ViewBase {
  /** `message_id` of the item, or `''` for content pasted on its own. */
  messageId: string;
  /** `msg_type` as received (`''` when the item had none). */
  msgType: string;
  /** `body.content` exactly as received (`''` when absent). */
  raw: string;
  /** Developer-facing notes on anything odd met while decoding (English). */
  warnings: string[];
}

export interface TextView extends ViewBase {
  kind: 'text';
  /** One paragraph per line of the text. */
  paragraphs: Paragraph[];
}

export interface PostLocale {
  /** `zh_cn`, `en_us`, … or `''` for the flat (unwrapped) form. */
  locale: string;
  title: string;
  paragraphs: Paragraph[];
}

export interface PostAttachment {
  fileKey: string;
  fileName?: string;
  isFolder: boolean;
}

export interface PostView extends ViewBase {
  kind: 'post';
  /** Title and paragraphs of the primary locale (zh_cn, then en_us, then the first). */
  title: string;
  paragraphs: Paragraph[];
  /** The primary locale's name, `''` for the flat form. */
  locale: string;
  /** Every locale found, the primary one included (one entry for the flat form). */
  locales: PostLocale[];
  /** The top-level `files[]` attachment zone, when present. */
  attachments: PostAttachment[];
}

export interface ImageView extends ViewBase {
  kind: 'image';
  imageKey: string;
}

export interface FileView extends ViewBase {
  kind: 'file';
  fileKey: string;
  fileName?: string;
}

export interface FolderView extends ViewBase {
  kind: 'folder';
  fileKey: string;
  fileName?: string;
}

export interface AudioView extends ViewBase {
  kind: 'audio';
  fileKey: string;
  durationMs?: number;
}

export interface MediaView extends ViewBase {
  kind: 'media';
  fileKey: string;
  /** The cover frame. */
  imageKey?: string;
  fileName?: string;
  durationMs?: number;
}

export interface StickerView extends ViewBase {
  kind: 'sticker';
  fileKey: string;
}

/**
 * Which of the card forms arrived. `simplified`: the default `{title, elements}` rendering;
 * `user_card`: the sender's card JSON (`card_msg_content_type=user_card_content`);
 * `raw_card`: the `{json_card, json_attachment, card_schema}` wrapper (`raw_card_content`);
 * `text`: a `{text}` body under `msg_type: interactive` (seen in the docs' list example);
 * `unrecognised`: none of these.
 */
export type CardForm = 'simplified' | 'user_card' | 'raw_card' | 'text' | 'unrecognised';

export interface CardImage {
  /** The id the card body uses (`imageID` in raw cards). */
  id: string;
  imageKey: string;
}

export interface InteractiveView extends ViewBase {
  kind: 'interactive';
  form: CardForm;
  title: string | null;
  subtitle?: string;
  /** `config.summary` of the card: what chat lists show. */
  summary?: string;
  /** Card schema: `"2.0"` / `"1.0"` for card JSON, `card_schema` for raw cards. */
  schema?: string;
  paragraphs: CardParagraph[];
  /** The default form of a JSON 2.0 / CardKit card: the platform sent only "please upgrade your client". */
  upgradePlaceholder: boolean;
  /** The card JSON itself (for raw cards: `json_card` parsed), for a raw/tree view. */
  card?: unknown;
  /** `json_attachment` parsed (raw cards only). */
  attachment?: unknown;
  /** Images named by `json_attachment.images`. */
  images: CardImage[];
}

export interface ShareChatView extends ViewBase {
  kind: 'share_chat';
  chatId: string;
}

export interface ShareUserView extends ViewBase {
  kind: 'share_user';
  userId: string;
}

export interface SystemView extends ViewBase {
  kind: 'system';
  template: string;
  /** The template with every slot that had a value filled in; slots without one are kept as written. */
  text: string;
  /** Slot name → the value used. */
  values: Record<string, string>;
  /** Slots left as written (`old_group_name`, `count`, `` for a bare `{}`), in order, without duplicates. */
  unfilled: string[];
  /** `template: " "`: the marker Feishu sends when a call ends. */
  callEnded: boolean;
}

export interface LocationView extends ViewBase {
  kind: 'location';
  name: string;
  /** As sent (docs show placeholders such as `"xxx.xxx"`); see `lat`/`lng` for numbers. */
  longitude?: string;
  latitude?: string;
  lat?: number;
  lng?: number;
}

export interface VideoChatView extends ViewBase {
  kind: 'video_chat';
  topic: string;
  meetNumber?: string;
  /** Epoch milliseconds. */
  startTime?: number;
  /** Epoch milliseconds; absent while the call is running. */
  endTime?: number;
}

export interface TodoView extends ViewBase {
  kind: 'todo';
  taskId: string;
  title: string;
  paragraphs: Paragraph[];
  /** Epoch milliseconds. */
  dueTime?: number;
}

export interface VoteView extends ViewBase {
  kind: 'vote';
  topic: string;
  options: string[];
  /** `status: 1`. */
  closed: boolean;
  status?: number;
}

export interface HongbaoView extends ViewBase {
  kind: 'hongbao';
  text: string;
}

export interface CalendarView extends ViewBase {
  kind: CalendarMsgType;
  summary: string;
  /** Epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  openCalendarId?: string;
  openEventId?: string;
  /** A `share_token` was present. It is a join credential: the view never holds its value. */
  hasShareToken: boolean;
}

/**
 * How the container's body was written: `plain` (the bare string `Merged and Forwarded
 * Message`), `content` / `text` (that string wrapped in an object), `ids`
 * (`{create_message_ids}`), `empty`, `other`.
 */
export type MergeForwardEncoding = 'plain' | 'content' | 'text' | 'ids' | 'empty' | 'other';

export interface MergeForwardView extends ViewBase {
  kind: 'merge_forward';
  /** The container's label, normally `Merged and Forwarded Message`. */
  label: string;
  encoding: MergeForwardEncoding;
  /** Sub-message IDs named by the content itself (`create_message_ids`); the tree comes from `items`. */
  createMessageIds: string[];
}

/**
 * How the message was found recalled: `deleted_flag` (`deleted: true` and no content),
 * `recalled_text` (the bare string `This message was recalled`).
 */
export type RecalledHow = 'deleted_flag' | 'recalled_text';

export interface RecalledView extends ViewBase {
  kind: 'recalled';
  how: RecalledHow;
}

export interface UnknownTypeView extends ViewBase {
  kind: 'unknown_type';
  /** The content parsed as JSON, when it was JSON. */
  parsed?: unknown;
}

export interface BrokenView extends ViewBase {
  kind: 'broken';
  /** What was wrong, in one English sentence. */
  reason: string;
  /** The content parsed as JSON, when it was JSON but of the wrong shape. */
  parsed?: unknown;
}

export type MessageView =
  | TextView
  | PostView
  | ImageView
  | FileView
  | FolderView
  | AudioView
  | MediaView
  | StickerView
  | InteractiveView
  | ShareChatView
  | ShareUserView
  | SystemView
  | LocationView
  | VideoChatView
  | TodoView
  | VoteView
  | HongbaoView
  | CalendarView
  | MergeForwardView
  | RecalledView
  | UnknownTypeView
  | BrokenView;

export type MessageViewKind = MessageView['kind'];

type ViewWithKind<V, K> = V extends { kind: infer VK } ? (K extends VK ? V : never) : never;

/** The view of the given kind (`ViewOfKind<'calendar'>` is `CalendarView`). */
export type ViewOfKind<K extends MessageViewKind> = ViewWithKind<MessageView, K>;
