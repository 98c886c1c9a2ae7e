import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveRow, LiveUpdates } from '../../../core/api/contract';
import type { ConnectionLogEntry, ConnectionState, ConnectionStats } from '../../../core/events/state';
import { api } from '../../api';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';

/** Log entries the view keeps (the newest). */
const KEPT_LOG = 500;
/** How long one read waits for something new (a long poll). */
const WAIT_MS = 20_000;

export interface LiveView {
  rows: LiveRow[];
  names: Record<string, string>;
  state: ConnectionState;
  stats?: ConnectionStats;
  log: ConnectionLogEntry[];
  running: boolean;
  /** Events the main side let go (past its cap): the view says so. */
  letGo: number;
  /** Rows that came while the view was paused: kept, shown on resume. */
  held: number;
  paused: boolean;
  problem: string | null;
}

/**
 * The profile's live session as the view sees it: reads on by long poll while mounted (the
 * session itself runs in the main side, so leaving the view and coming back shows what came
 * meanwhile), pauses the list without losing what arrives, starts and stops the connection.
 */
export function useLive(profileId: string) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<LiveView>({
    rows: [],
    names: {},
    state: { status: 'idle' },
    log: [],
    running: false,
    letGo: 0,
    held: 0,
    paused: false,
    problem: null,
  });
  const held = useRef<LiveRow[]>([]);
  const paused = useRef(false);
  const cursors = useRef({ cursor: 0, logCursor: 0, namesCursor: 0 });
  const [reading, setReading] = useState(0);

  const take = useCallback((updates: LiveUpdates) => {
    cursors.current = { cursor: updates.cursor, logCursor: updates.logCursor, namesCursor: updates.namesCursor };
    if (paused.current) held.current.push(...updates.rows);
    setView((v) => ({
      ...v,
      rows: paused.current || updates.rows.length === 0 ? v.rows : [...v.rows, ...updates.rows],
      names: { ...v.names, ...updates.names },
      state: updates.state,
      stats: updates.stats,
      running: updates.running,
      letGo: updates.letGo,
      log: updates.log.length === 0 ? v.log : [...v.log, ...updates.log].slice(-KEPT_LOG),
      held: held.current.length,
    }));
  }, []);

  // Reads on while the view is open and the main side has a session for the profile.
  useEffect(() => {
    let stopped = false;
    cursors.current = { cursor: 0, logCursor: 0, namesCursor: 0 };
    void (async () => {
      let wait = 0;
      while (!stopped) {
        try {
          const updates = await api.getLiveUpdates({ profileId, ...cursors.current, waitMs: wait });
          if (stopped) return;
          if (!updates) return;
          take(updates);
          if (!updates.running && updates.rows.length === 0 && updates.log.length === 0) {
            // Stopped and read to the end: look again only when started again.
            return;
          }
          wait = WAIT_MS;
        } catch (error) {
          if (!stopped) setView((v) => ({ ...v, problem: appErrorText(error, t) }));
          return;
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [profileId, reading, take, t]);

  const start = async () => {
    setView((v) => ({ ...v, problem: null }));
    try {
      await api.startLive(profileId, langOf(i18n));
      // The reading starts again from the session's first row.
      held.current = [];
      setView((v) => ({ ...v, rows: [], log: [], held: 0 }));
      setReading((n) => n + 1);
    } catch (error) {
      setView((v) => ({ ...v, problem: appErrorText(error, t) }));
    }
  };
  const stop = async () => {
    try {
      await api.stopLive(profileId);
    } catch (error) {
      setView((v) => ({ ...v, problem: appErrorText(error, t) }));
    }
  };
  const setPaused = (pause: boolean) => {
    paused.current = pause;
    if (!pause && held.current.length > 0) {
      const rows = held.current;
      held.current = [];
      setView((v) => ({ ...v, rows: [...v.rows, ...rows], paused: false, held: 0 }));
    } else setView((v) => ({ ...v, paused: pause }));
  };
  const clear = () => setView((v) => ({ ...v, rows: [] }));

  return { view, start, stop, setPaused, clear };
}
