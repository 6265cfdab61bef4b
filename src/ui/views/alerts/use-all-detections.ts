// Loading every detection of an alert on request (all-detections.ts), with its progress, a cancel
// and the failure if one happens; until then the view shows the first 100 the alert's page holds.
import { useRef, useState } from 'preact/hooks';
import type { AlertDetectionsResponse } from '../../../contracts/alerts.ts';
import type { DetectionContract } from '../../../contracts/detections.ts';
import { api } from '../../api.ts';
import { fetchAllDetections } from './all-detections.ts';

export interface AllDetections {
  /** Every detection once loaded; undefined before. */
  readonly all: DetectionContract[] | undefined;
  /** Detections loaded so far while running; undefined when not running. */
  readonly loading: number | undefined;
  readonly error: unknown;
  start(): void;
  cancel(): void;
}

export function useAllDetections(alertId: string): AllDetections {
  const [all, setAll] = useState<DetectionContract[] | undefined>(undefined);
  const [loading, setLoading] = useState<number | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const running = useRef<AbortController | undefined>(undefined);
  const fetchPage = (after: number | undefined, signal: AbortSignal) =>
    api<AlertDetectionsResponse>('GET', `/api/v1/alerts/${encodeURIComponent(alertId)}/detections`, { query: { after, limit: 1000 }, signal });
  const start = () => {
    const controller = new AbortController();
    running.current = controller;
    setError(undefined);
    setLoading(0);
    fetchAllDetections(fetchPage, controller.signal, setLoading)
      .then(setAll, setError)
      .finally(() => {
        running.current = undefined;
        setLoading(undefined);
      });
  };
  return { all, loading, error, start, cancel: () => running.current?.abort() };
}
