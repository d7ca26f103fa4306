import { useEffect, useState } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/contract';
import { call, KbError } from '../api/kb';

export type CallState<T> = { status: 'loading' } | { status: 'done'; value: T } | { status: 'error'; message: string };

/** Calls a channel once per change of `key` and tracks loading, value and error. */
export function useCall<C extends ChannelName>(channel: C, input?: ChannelInput<C>, key = ''): CallState<ChannelOutput<C>> {
  const [state, setState] = useState<CallState<ChannelOutput<C>>>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    call(channel, input).then(
      (value) => live && setState({ status: 'done', value }),
      (error: unknown) => live && setState({ status: 'error', message: error instanceof KbError ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [channel, key]);
  return state;
}
