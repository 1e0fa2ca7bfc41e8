import { useEffect, useState } from 'react';

/**
 * A message for the next screen to show once ("created", after navigating to the new object):
 * the screen for `key` reads it when it mounts, then it is gone.
 */
let pending: { key: string; message: string } | undefined;

export function setFlash(key: string, message: string): void {
  pending = { key, message };
}

export function useFlash(key: string): [string | undefined, (m: string | undefined) => void] {
  const [message, setMessage] = useState(() => (pending?.key === key ? pending.message : undefined));
  useEffect(() => {
    if (pending?.key === key) pending = undefined;
  }, [key]);
  return [message, setMessage];
}
