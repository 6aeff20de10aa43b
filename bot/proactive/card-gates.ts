// Coalescing of progress card updates: at most one update per thread per window; operations queue
// per thread and the update sent carries the latest snapshot.
/** The update gates of every thread. */
export interface CardGates {
  /** Queues an update of the operation's card in the thread and arms the thread's timer. */
  schedule(conversationId: string, operationId: string): void;
  /** Drops the operation's queued update (its card is about to show the outcome). */
  unschedule(conversationId: string, operationId: string): void;
  /** The thread's card was just sent: the next update waits a full window. */
  hold(conversationId: string): void;
  /** Sends every queued update now. */
  flush(): void;
}

export interface CardGateDeps {
  now: () => Date;
  coalesceMs: number;
  /** True when the operation's card still has an update to show. */
  due: (operationId: string) => boolean;
  /** Sends the operation's card update (not awaited; it reschedules itself on failure). */
  send: (operationId: string) => void;
}

interface Gate {
  nextAt: number;
  timer?: ReturnType<typeof setTimeout>;
  queue: string[];
}

export function createCardGates({ now, coalesceMs, due, send }: CardGateDeps): CardGates {
  const gates = new Map<string, Gate>();

  const gateOf = (conversationId: string): Gate => {
    let g = gates.get(conversationId);
    if (!g) {
      g = { nextAt: 0, queue: [] };
      gates.set(conversationId, g);
    }
    return g;
  };

  /** Sends the next queued card update of a thread (the latest snapshot wins) and re-arms the gate. */
  const fire = (conversationId: string): void => {
    const gate = gateOf(conversationId);
    if (gate.timer) clearTimeout(gate.timer);
    gate.timer = undefined;
    const operationId = gate.queue.shift();
    if (operationId && due(operationId)) {
      gate.nextAt = now().getTime() + coalesceMs;
      send(operationId);
    }
    if (gate.queue.length > 0) arm(conversationId);
  };

  const arm = (conversationId: string): void => {
    const gate = gateOf(conversationId);
    if (gate.timer) return;
    const delay = Math.max(0, gate.nextAt - now().getTime());
    gate.timer = setTimeout(() => fire(conversationId), delay);
    gate.timer.unref?.();
  };

  return {
    schedule(conversationId, operationId) {
      const gate = gateOf(conversationId);
      if (!gate.queue.includes(operationId)) gate.queue.push(operationId);
      arm(conversationId);
    },
    unschedule(conversationId, operationId) {
      const gate = gateOf(conversationId);
      gate.queue = gate.queue.filter((id) => id !== operationId);
      if (gate.queue.length === 0 && gate.timer) {
        clearTimeout(gate.timer);
        gate.timer = undefined;
      }
    },
    hold(conversationId) {
      gateOf(conversationId).nextAt = now().getTime() + coalesceMs;
    },
    flush() {
      for (const [conversationId, gate] of gates) {
        if (gate.timer) clearTimeout(gate.timer);
        gate.timer = undefined;
        gate.nextAt = 0;
        while (gate.queue.length > 0) fire(conversationId);
      }
    },
  };
}
