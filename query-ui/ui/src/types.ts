// JSON shapes of query-ui/API.md (extra fields are tolerated; optional ones are marked).

export type Category = 'USER' | 'SERVER' | 'DATABASE' | 'CACHE' | 'QUEUE' | 'UNKNOWN';
export type Histogram = Record<string, number>;

export interface Application { name: string; serviceType: string; serviceTypeCode: number }

export type AgentStatus = 'RUNNING' | 'NO_DATA' | 'RESTARTED';
export interface Agent {
  agentId: string; hostname: string; startTime: number; lastSeen: number; serviceType: string; serviceTypeCode?: number;
  firstSeen?: number; runtime?: string | null; sdk?: string | null; agentVersion?: string | null;
  status?: AgentStatus; resource?: Record<string, unknown>;
}

export interface MapNode {
  key: string; applicationName: string; serviceType: string; serviceTypeCode?: number; category: Category;
  totalCount: number; errorCount: number; slowCount?: number; avgMs?: number; maxMs?: number;
  histogram?: Histogram; agents?: string[];
}
export interface MapLink {
  key?: string; from: string; to: string; totalCount: number; errorCount: number; slowCount?: number;
  avgMs?: number; maxMs?: number; histogram?: Histogram; virtual?: boolean;
}
export interface ServerMap { nodes: MapNode[]; links: MapLink[] }

export interface Load { bucketMs: number; points: [number, Histogram][] }
export interface Instance { agentId: string; hostname?: string; histogram?: Histogram; totalCount: number; errorCount: number }
export interface NodeDetail {
  key: string; histogram: Histogram; totalCount: number; errorCount: number; avgMs?: number; maxMs?: number;
  load?: Load; instances?: Instance[];
}
export interface LinkDetail {
  from: string; to: string; histogram: Histogram; totalCount: number; errorCount: number; avgMs?: number;
  maxMs?: number; load?: Load;
}

export interface Dot { time: number; elapsedMs: number; error: boolean; traceId: string; spanId: string; agentId: string }
export interface ScatterPage { dots: Dot[]; complete: boolean; next?: string | null }

export interface TransactionRow {
  traceId: string; spanId: string; transactionId?: string; startTime: number; elapsedMs: number; error: boolean;
  agentId: string; application: string; name: string; endpoint?: string; remoteAddress?: string;
}
export interface TransactionList { transactions: TransactionRow[]; complete: boolean }

export interface SpanEvent { name: string; time: number; attributes?: Record<string, unknown> }
export interface Span {
  spanId: string; parentSpanId?: string | null; application: string; agentId: string; name: string; kind?: string;
  startTime: number; elapsedMs: number; error: boolean; attributes?: Record<string, unknown>; events?: SpanEvent[];
  links?: unknown[]; scope?: string; statusMessage?: string;
}
export interface CallTreeRow {
  depth: number; spanId: string; parentSpanId?: string | null; application: string; agentId: string; method: string;
  arguments?: string; startTime: number; gapMs: number; execMs: number; execPercent?: number; selfMs: number;
  kind?: string; className?: string; api?: string; error: boolean; hasException?: boolean; entry?: boolean;
  orphan?: boolean; /** a caller outside the store (a Pinpoint agent, or unknown) above the entry it called */ caller?: boolean;
}
export interface LogRecord { time: number; severity?: string; body?: string; spanId?: string; attributes?: Record<string, unknown> }
export interface Trace {
  traceId: string; transactionId?: string; complete?: boolean; spanCount?: number; spans: Span[];
  callTree: CallTreeRow[]; map?: ServerMap; logs?: LogRecord[];
}
