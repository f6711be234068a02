/**
 * Per-server options for channel sessions that issue 16's settings service will supply
 * (`ServerSettings.pauseSeconds`, `.threads`). Until it lands, engines take a
 * `SessionSettingsSource` and fall back to these defaults, so wiring it in is one line.
 */
export interface SessionSettings {
  /** Seconds between a reveal and the next question, so people read the explanation. */
  pauseSeconds: number;
  /** Run rounds and drills in a thread of their own. */
  threads: boolean;
}

export interface SessionSettingsSource {
  forServer(platform: string, serverId: string): SessionSettings | Promise<SessionSettings>;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { pauseSeconds: 5, threads: false };

/** Fixed settings (tests, and the default until the settings service is wired in). */
export const fixedSettings = (over: Partial<SessionSettings> = {}): SessionSettingsSource => ({
  forServer: () => ({ ...DEFAULT_SESSION_SETTINGS, ...over }),
});
