/** What happens at a time: video calls, tasks and calendar events (shared, invitations, plain). */

import type { CalendarMsgType, Paragraph } from '../model';
import { postParagraphs, textParagraphs, type DecodeContext } from '../runs';
import { epochMsOf, isRecord, nonEmptyStringOf, own, stringOf, type JsonObject } from '../values';
import type { ContentDecoder, Decoded, FieldsOf } from './common';

export function decodeVideoChat(p: JsonObject, ctx: DecodeContext): Decoded {
  const topic = stringOf(own(p, 'topic'));
  if (topic === undefined && own(p, 'start_time') === undefined)
    return { wrongShape: 'The video_chat content has no topic or start_time.' };
  const fields: FieldsOf<'video_chat'> = {
    kind: 'video_chat',
    topic: topic ?? '',
  };
  const meetNumber = nonEmptyStringOf(own(p, 'meet_number'));
  if (meetNumber !== undefined) fields.meetNumber = meetNumber;
  const startTime = timeOf(own(p, 'start_time'), 'start_time', ctx);
  if (startTime !== undefined) fields.startTime = startTime;
  const endTime = timeOf(own(p, 'end_time'), 'end_time', ctx);
  if (endTime !== undefined) fields.endTime = endTime;
  return { fields };
}

export function decodeTodo(p: JsonObject, ctx: DecodeContext): Decoded {
  const taskId = stringOf(own(p, 'task_id'));
  const summary = own(p, 'summary');
  if (taskId === undefined && summary === undefined) return { wrongShape: 'The todo content has no task_id or summary.' };
  let title = '';
  let paragraphs: Paragraph[] = [];
  if (typeof summary === 'string') {
    paragraphs = textParagraphs(summary, ctx);
  } else if (isRecord(summary)) {
    title = stringOf(own(summary, 'title')) ?? '';
    paragraphs = postParagraphs(own(summary, 'content'), ctx);
  } else if (summary !== undefined && summary !== null) {
    ctx.warn('The todo summary is neither text nor {title, content}.');
  }
  const fields: FieldsOf<'todo'> = {
    kind: 'todo',
    taskId: taskId ?? '',
    title,
    paragraphs,
  };
  const dueTime = timeOf(own(p, 'due_time'), 'due_time', ctx);
  if (dueTime !== undefined) fields.dueTime = dueTime;
  return { fields };
}

/** The three calendar msg_types share one content shape. */
export function calendarDecoder(kind: CalendarMsgType): ContentDecoder {
  return (p, ctx) => {
    const summary = stringOf(own(p, 'summary'));
    if (summary === undefined && own(p, 'start_time') === undefined)
      return { wrongShape: `The ${kind} content has no summary or start_time.` };
    const fields: FieldsOf<CalendarMsgType> = {
      kind,
      summary: summary ?? '',
      hasShareToken: own(p, 'share_token') !== undefined && own(p, 'share_token') !== null && own(p, 'share_token') !== '',
    };
    const startTime = timeOf(own(p, 'start_time'), 'start_time', ctx);
    if (startTime !== undefined) fields.startTime = startTime;
    const endTime = timeOf(own(p, 'end_time'), 'end_time', ctx);
    if (endTime !== undefined) fields.endTime = endTime;
    const openCalendarId = nonEmptyStringOf(own(p, 'open_calendar_id'));
    if (openCalendarId !== undefined) fields.openCalendarId = openCalendarId;
    const openEventId = nonEmptyStringOf(own(p, 'open_event_id'));
    if (openEventId !== undefined) fields.openEventId = openEventId;
    return { fields };
  };
}

function timeOf(value: unknown, field: string, ctx: DecodeContext): number | undefined {
  const result = epochMsOf(value, field);
  if (result.problem !== undefined) ctx.warn(`${result.problem}.`);
  return result.ms;
}
