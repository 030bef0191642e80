import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { formatDateTime } from '../../platform/format.ts';
import { useI18n } from '../../platform/i18n.tsx';
import { label, STATUS_COLORS } from './api.ts';
import { m } from './messages.ts';

export function StatusTag({ prefix, status, testId }: { prefix: string; status: string; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid={testId}>
      {t(label(prefix, status))}
    </Tag>
  );
}

/** The workspace the page is shown in: sourcing pages serve buyers, suppliers and operators. */
export function useParty(): 'buyer' | 'supplier' | 'operator' {
  const path = useLocation().pathname;
  return path.startsWith('/supplier') ? 'supplier' : path.startsWith('/operator') ? 'operator' : 'buyer';
}

/**
 * The server clock as this tab sees it: `serverTime` from the last API answer minus the local
 * time it arrived. Countdowns use it, so a wrong PC clock does not show a wrong deadline.
 */
let clockOffsetMs = 0;
export function noteServerTime(serverTime: string | number | null | undefined): void {
  if (!serverTime) return;
  const ms = typeof serverTime === 'number' ? serverTime : Date.parse(serverTime);
  if (Number.isFinite(ms)) clockOffsetMs = ms - Date.now();
}
export const serverNow = () => Date.now() + clockOffsetMs;

function durationText(ms: number, lang: 'zh-CN' | 'en'): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const min = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return lang === 'zh-CN' ? `${d} 天 ${h} 小时` : `${d}d ${h}h`;
  return `${pad(h)}:${pad(min)}:${pad(sec)}`;
}

/** Time left until `until` by the server clock, ticking every second; "closed" once past. */
export function Countdown({ until, testId }: { until: string; testId?: string }) {
  const { t, lang } = useI18n();
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(until) - serverNow();
  return (
    <Tooltip title={`${t(m.deadline)} ${formatDateTime(until, true)}`}>
      <Tag icon={<ClockCircleOutlined />} color={left <= 0 ? 'default' : left < 3_600_000 ? 'orange' : 'blue'} data-testid={testId}>
        {left <= 0 ? t(m.ended) : t(m.timeLeft, { time: durationText(left, lang) })}
      </Tag>
    </Tooltip>
  );
}

/**
 * Follows a topic of the live channel (`rfq:<id>`, `tender:<id>`): calls `onChange` when the
 * server pushes a newer state (the page then reloads what it shows), and keeps the server clock.
 * A dropped connection is retried with back-off; nothing breaks without it (pages also reload
 * after the user's own actions).
 */
export function useLiveTopic(topic: string | null, onChange: () => void): void {
  const callback = useRef(onChange);
  callback.current = onChange;
  useEffect(() => {
    if (!topic || typeof WebSocket === 'undefined') return;
    let socket: WebSocket | null = null;
    let closed = false;
    let retry = 1000;
    let first = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const connect = () => {
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
      socket = new WebSocket(url);
      socket.onopen = () => {
        retry = 1000;
        socket?.send(JSON.stringify({ type: 'subscribe', topic }));
      };
      socket.onmessage = (event) => {
        try {
          const msg = JSON.parse(String(event.data)) as { type: string; topic?: string; serverTime?: number };
          if (msg.serverTime) noteServerTime(msg.serverTime);
          if (msg.type === 'state' && msg.topic === topic) {
            // The first state is what the page just loaded; later ones are changes.
            if (first) first = false;
            else callback.current();
          }
        } catch {
          // not ours
        }
      };
      socket.onclose = () => {
        if (closed) return;
        timer = setTimeout(connect, retry);
        retry = Math.min(retry * 2, 30_000);
      };
    };
    connect();
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    };
  }, [topic]);
}
