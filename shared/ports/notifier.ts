// Desktop notifications; returns false when the platform or the user does not allow them.
export interface Notifier {
  show(notification: { readonly title: string; readonly body: string }): Promise<boolean>;
}
