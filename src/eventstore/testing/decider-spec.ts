import { expect } from '@jest/globals';
import type { Decider, DomainEvent } from '../command-handling.js';

/**
 * Given/when/then for deciders: given past events, when a command is decided, then these events (or this error).
 *   spec(decider).given([...]).when(command).then([...])
 */
export function deciderSpec<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: readonly Event[]) {
      const state = events.reduce(decider.evolve, decider.initialState());
      return {
        when(command: Command) {
          const run = (): readonly Event[] => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenThrows(code: string): void {
              expect(run).toThrow(expect.objectContaining({ code }));
            },
          };
        },
      };
    },
  };
}
