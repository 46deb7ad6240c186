// One Idempotency-Key per intent: the same key while the same request is retried, a new one as
// soon as the request changes (the server replays a key's first answer, and refuses the key with
// another body).
import { useRef } from 'react';

export function useIdempotencyKey(): (request: unknown) => string {
  const last = useRef<{ key: string; request: string } | null>(null);
  return (request) => {
    const text = JSON.stringify(request);
    if (last.current?.request !== text) last.current = { key: crypto.randomUUID(), request: text };
    return last.current.key;
  };
}
