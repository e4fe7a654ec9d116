/** A row of a transition table: the next state and the effects to perform, in order. */
export type Rule<S extends string, A extends string> = { readonly to: S; readonly do?: readonly A[] };

/** Every allowed move of a state machine; whatever is not listed is illegal. */
export type TransitionTable<S extends string, E extends string, A extends string> = Readonly<
  Record<S, Partial<Readonly<Record<E, Rule<S, A>>>>>
>;

/** A move the table does not allow, e.g. a second final response from the transaction user. */
export class IllegalTransition extends Error {
  constructor(
    readonly machine: string,
    readonly state: string,
    readonly event: string,
  ) {
    super(`${machine}: "${event}" is not allowed in state "${state}"`);
    this.name = "IllegalTransition";
  }
}

/** Looks the move up in the table; throws IllegalTransition when it is not there. */
export function transition<S extends string, E extends string, A extends string>(
  machine: string,
  table: TransitionTable<S, E, A>,
  state: S,
  event: E,
): Rule<S, A> {
  const rule = table[state][event];
  if (!rule) throw new IllegalTransition(machine, state, event);
  return rule;
}
