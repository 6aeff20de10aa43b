// English words of migration plans in chat: the plan card, the messages NetPilot posts between
// steps, and the plan lines of `status` / `history` (ICU MessageFormat). Same ids and arguments as
// plan-ja.ts (type + test/i18n/catalogue.test.ts). Step effects and goal names: i18n/cli-text.ts `plan.*`.

/** The English plan catalogue. */
export const planEn = {
  'card.title': 'Migration plan: {cluster} → {goal}',
  'card.now': 'Now: {mode}, data plane {dataplane}, network policy {policy}, Kubernetes {version}',
  'card.step': 'Step {n}: {target}',
  'card.state.blocked': 'Blocked',
  'card.state.ready': 'Ready',
  'card.state.waiting': 'Waiting for step {after}',
  'card.state.running': 'Running',
  'card.state.done': 'Done',
  'card.state.requested': 'Requested: waiting for approval',
  'card.estimate': 'Estimated: about {minutes, number} min ({nodes, plural, one {# node} other {# nodes}} in {pools, plural, one {# pool} other {# pools}})',
  'card.finishing': 'Finishes the last migration: it failed or did not convert every node.',
  'card.projected': 'Judged on the cluster as it will be after the steps before it.',
  'card.blockers': 'Blockers to clear first',
  'card.blocker': '**{id}**{unverified, select, yes { (not verified)} other {}}: {fix}',
  'card.before': 'Before this step',
  'card.changes': 'What changes for workloads',
  'card.notes': 'Notes',
  'card.total': 'About {minutes, number} min of reimaging in total. Every step is a request of its own, approved on its own.',
  'card.action': 'Request step {n}: {target}',
  'card.nothing': 'Nothing to do: {cluster} already runs {goal}.',
  'card.next-blocked': 'Step {n} ({target}) is blocked: clear its blockers, then ask for the plan again.',
  'card.no-requests': 'Requests are not enabled here: the plan is shown without its request button.',
  'chat.step-done-next': 'Step {done} of {total} ({doneTarget}) on {cluster} is done. Step {n} ({target}) passed its preflight again: its approval request follows.',
  'chat.step-done-blocked': 'Step {done} of {total} ({doneTarget}) on {cluster} is done, but step {n} ({target}) is blocked now: {blockers}. Clear the blockers, then ask again: plan {cluster} to {goal}',
  'chat.step-done-other': 'Step {done} ({doneTarget}) on {cluster} is done, but the cluster is not where the plan expected it: here is the plan as it stands now.',
  'chat.plan-complete': 'Every step of the plan is done: {cluster} now runs {goal}.',
  'chat.unknown-plan': 'This plan is no longer known. Ask for a plan again, for example: plan aks-kubenet to cilium',
  'chat.replaced': 'A newer plan for {cluster} replaced this one: use the newest plan card.',
  'chat.step-not-next': 'Step {n} ({target}) is not the next step any more: here is the plan as it stands now.',
  'chat.step-blocked': 'Step {n} ({target}) is blocked: {blockers}. Clear the blockers first.',
  'chat.step-requested': 'Step {n} ({target}) is already requested and waits for approval.',
  'chat.need-goal': 'Where should {cluster} go? Say: plan {cluster} to overlay, or plan {cluster} to cilium (Overlay + Cilium).',
  'status.plan': 'Plan for {cluster} → {goal}: {steps}',
  'status.step': '{n}. {target}: {state}',
  'status.state.done': 'done',
  'status.state.running': 'running',
  'status.state.requested': 'waiting for approval',
  'status.state.ended': 'ended without finishing',
  'status.state.open': 'not requested yet',
  'history.heading': 'Migration plans',
} as const;

/** An id of the plan catalogue. */
export type PlanTextId = keyof typeof planEn;
