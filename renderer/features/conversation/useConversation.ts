import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeishuFailure } from '../../../core/feishu/types';
import {
  addPage,
  extendWindow,
  openWindow,
  reopenNewer,
  type Direction,
  type PageFetcher,
  type WindowState,
} from '../../../core/conversations/window';
import { api } from '../../api';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';
import type { ConversationOpen } from './open';
import { identityFor } from '../identity/choice';

/** What went wrong at one end (or at the opening): the platform's failure, or the bridge's error in words. */
export type EndProblem = { failure: FeishuFailure } | { text: string };

export interface ConversationState {
  window: WindowState;
  /** The first page (or pages) are on their way. */
  opening: boolean;
  /** The opening failed: nothing to show but why. */
  openProblem?: EndProblem;
  /** The message opened around is among the rows (undefined before the opening ends, or with none asked for). */
  found?: boolean;
  loading: Record<Direction, boolean>;
  problem: Partial<Record<Direction, EndProblem>>;
  /** Bumps when rows are added before the first: the list moves by `prepended` rows to stay where it was. */
  prepend: { seq: number; count: number };
}

const EMPTY: WindowState = { rows: [], older: { done: true }, newer: { done: true } };

const OPENING: ConversationState = {
  window: EMPTY,
  opening: true,
  loading: { older: false, newer: false },
  problem: {},
  prepend: { seq: 0, count: 0 },
};

/**
 * A chat's or a thread's window (core/conversations/window.ts) over the bridge: opens it, pages
 * either way on demand (one request per end at a time), and keeps its place when rows come in
 * before the first. The rows' previews and names are in the reader's language of the opening.
 */
export function useConversation(open: ConversationOpen, options: { rootsOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n);
  // Each opening has its key: the state of another (an earlier choice, the language before) reads as a fresh opening.
  const key = JSON.stringify([open.profileId, open.target, open.range, open.around, options.rootsOnly, lang]);
  const [kept, setState] = useState<ConversationState & { key: string }>(() => ({ ...OPENING, key }));
  const state: ConversationState = kept.key === key ? kept : OPENING;
  // The latest state for the callbacks, and the opening each answer belongs to (a new opening drops older answers).
  const current = useRef(state);
  useLayoutEffect(() => {
    current.current = state;
  });
  const generation = useRef(0);

  const fetchPage = useCallback<PageFetcher>(
    async (direction, edge) => {
      try {
        const page = await api.listConversation({
          profileId: open.profileId,
          ...identityFor(open.profileId),
          target: open.target,
          direction,
          ...(edge.startTime !== undefined ? { startTime: edge.startTime } : {}),
          ...(edge.endTime !== undefined ? { endTime: edge.endTime } : {}),
          ...(edge.pageToken ? { pageToken: edge.pageToken } : {}),
          ...(options.rootsOnly ? { rootsOnly: true } : {}),
          lang,
        });
        return page;
      } catch (error) {
        // A bridge error (no secret, a bad argument) is not a platform failure: carried as words.
        throw new BridgeProblem(appErrorText(error, t));
      }
    },
    [open.profileId, open.target, options.rootsOnly, lang, t],
  );

  useEffect(() => {
    const mine = ++generation.current;
    void openWindow(fetchPage, open.target, { range: open.range, around: open.around })
      .then((opened) => {
        if (generation.current !== mine) return;
        setState(
          opened.ok
            ? { ...OPENING, key, window: opened.state, opening: false, found: open.around ? opened.found : undefined }
            : { ...OPENING, key, window: opened.state, opening: false, openProblem: { failure: opened.failure } },
        );
      })
      .catch((error: unknown) => {
        if (generation.current !== mine) return;
        setState({ ...OPENING, key, opening: false, openProblem: problemOf(error) });
      });
  }, [fetchPage, open.target, open.range, open.around, key]);

  const load = useCallback(
    async (direction: Direction, reopened?: WindowState['newer']) => {
      const now = current.current;
      const edge = reopened ?? now.window[direction];
      if (now.opening || now.openProblem || now.loading[direction] || edge.done) return;
      const mine = generation.current;
      // Every change below is to this opening's state: an answer that lands after another opening began is dropped.
      const update = (change: (s: ConversationState) => ConversationState) =>
        setState((s) => (s.key === key && generation.current === mine ? { ...change(s), key } : s));
      update((s) => ({ ...s, loading: { ...s.loading, [direction]: true }, problem: { ...s.problem, [direction]: undefined } }));
      let outcome: Awaited<ReturnType<typeof extendWindow>> | { thrown: EndProblem };
      try {
        outcome = await extendWindow(fetchPage, { ...now.window, [direction]: edge }, direction);
      } catch (error) {
        outcome = { thrown: problemOf(error) };
      }
      update((s) => {
        const loading = { ...s.loading, [direction]: false };
        if ('thrown' in outcome) return { ...s, loading, problem: { ...s.problem, [direction]: outcome.thrown } };
        if (!outcome.ok) return { ...s, loading, problem: { ...s.problem, [direction]: { failure: outcome.failure } } };
        // The other end may have moved while this page was on its way: this page's rows go onto the rows as they are now.
        const fresh =
          direction === 'older'
            ? outcome.state.rows.slice(0, outcome.added).reverse()
            : outcome.state.rows.slice(outcome.state.rows.length - outcome.added);
        const merged = addPage(s.window.rows, fresh, direction);
        const window = { ...s.window, rows: merged.rows, [direction]: outcome.state[direction] };
        const prepend = direction === 'older' && merged.added > 0 ? { seq: s.prepend.seq + 1, count: merged.added } : s.prepend;
        return { ...s, loading, window, prepend };
      });
    },
    [fetchPage, key],
  );

  return {
    state,
    loadOlder: () => void load('older'),
    loadNewer: () => void load('newer'),
    /** Messages sent since the window reached the newest: its newer end opened again from the last row. */
    checkNewer: () => void load('newer', reopenNewer(current.current.window.rows, open.range ?? {}, open.target)),
  };
}

class BridgeProblem extends Error {}

function problemOf(error: unknown): EndProblem {
  return { text: error instanceof Error ? error.message : String(error) };
}
