/**
 * Resolves in a task of its own, so the page can render and take input between two long
 * pieces of work. A message, not a timer: a background tab's timers wait up to a second.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
