/** Message content: decoding, payload normalisation, merge-forward trees and text renderings. */

export * from './model';
export { decodeContent, decodeMessage, isKnownMsgType, type DecodeOptions } from './decode';
export {
  guessMsgType,
  isPayloadError,
  messagesFromPayload,
  type PayloadError,
  type PayloadMessages,
  type PayloadResult,
  type PayloadSource,
} from './normalize';
export {
  buildMessageTree,
  flattenMessageTree,
  type BuildTreeOptions,
  type MessageNode,
  type MessageNodeFlag,
  type MessageTree,
} from './merge-forward';
export { mentionLabel, messagePreview, messageViewToMarkdown, messageViewToText, timeText } from './plain';
export { escapeMarkdown, inlineCode, oneLine } from './markdown-syntax';
export { isResourceHref, messageResources, type MessageResource } from './resources';
export { MESSAGE_LABELS, messageLabels, type MessageLabels, type NamedKind } from './labels';
export * from './ids';
export { messagesFromSavedFile, type SavedMessages } from './saved';
export { localName, senderName } from './names';
