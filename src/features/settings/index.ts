/** The settings feature: connection and key, and what they mean for requests. */

export { ConnectionButton, ConnectionDrawer, connectionSummary } from './ConnectionDrawer';
export {
  askSandbox,
  baseUrlFor,
  type Connection,
  canReach,
  clientFor,
  currentTarget,
  preloadSandbox,
  resolveConnection,
  SANDBOX_BASE_URL,
} from './connection';
export { closeConnection, openConnection } from './connectionDrawer';
export { SandboxNotice } from './SandboxNotice';

export {
  type ConnectionKind,
  connectionKinds,
  type Settings,
  settingsStore,
  useSettings,
} from './settingsStore';
