/** The settings feature: connection and key, and what they mean for requests. */
export {
  baseUrlFor,
  type Connection,
  canReach,
  clientFor,
  currentTarget,
  preloadSandbox,
  resolveConnection,
  SANDBOX_BASE_URL,
} from './connection';
export { SandboxNotice } from './SandboxNotice';
export { SettingsPanel } from './SettingsPanel';
export {
  type ConnectionKind,
  connectionKinds,
  type Settings,
  settingsStore,
  useSettings,
} from './settingsStore';
