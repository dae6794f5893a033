export function Loading({ what }: { what: string }) {
  return <div className="status loading" data-testid="loading">Loading {what}…</div>;
}
export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="status empty" data-testid="empty">{children}</div>;
}
export function ErrorBox({ message }: { message: string }) {
  return <div className="status error" role="alert" data-testid="error">{message}</div>;
}
