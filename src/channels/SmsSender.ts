/**
 * Sends one text message to a phone number outside any conversation (for example, alerting the
 * on-duty PSWs of a school to a new urgent case). The SMS channel implements it with Twilio, or
 * with the development simulator when Twilio is not configured.
 */
export interface SmsSender {
  send(props: { to: string; body: string; purpose: 'staff_alert' | 'parent' }): Promise<void>;
}
