// Drives one Parley instance through its UI, the way a person would. Waits on app state the UI exposes
// (data-status attributes), never on fixed sleeps.
import { expect, type Page } from '@playwright/test';

export class ParleyApp {
  /** Uncaught errors in this app's pages, from the first load on when opened by the `openApps` fixture. */
  readonly pageErrors: string[] = [];

  constructor(
    readonly name: string,
    public page: Page,
  ) {}

  /** Closes the app's window (the user quits); its browser profile, with identity and archive, stays. */
  async quit(): Promise<void> {
    await this.page.close();
  }

  /** Opens the app again in the same profile and waits until it is back online. */
  async reopen(url: string): Promise<void> {
    this.page = await this.page.context().newPage();
    await this.page.goto(url);
    await expect(this.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
      timeout: 30_000,
    });
  }

  async createIdentity(): Promise<void> {
    await this.page.getByLabel('Your name').fill(this.name);
    await this.page.getByRole('button', { name: 'Create my identity' }).click();
    await expect(this.page.getByTestId('signaling-status')).toHaveAttribute('data-status', 'ready', {
      timeout: 30_000,
    });
  }

  async peerId(): Promise<string> {
    const peerId = await this.page.getByTestId('my-peer-id').inputValue();
    expect(peerId).toMatch(/^[a-z2-7]{32}$/);
    return peerId;
  }

  /** Sends a contact request to an invite link or peer ID, confirming it; its conversation opens. */
  async addContact(inviteOrPeerId: string): Promise<void> {
    await this.page.getByTestId('contact-peer-id').fill(inviteOrPeerId);
    await this.page.getByRole('button', { name: 'Add', exact: true }).click();
    await this.page.getByTestId('invite-confirm').getByRole('button', { name: 'Send request' }).click();
    await expect(this.page.getByTestId('conversation-name')).toBeVisible();
  }

  /** The invite link the app shows in "Invite someone". */
  async inviteLink(): Promise<string> {
    await this.page.getByRole('button', { name: 'Invite someone' }).click();
    const dialog = this.page.getByTestId('invite-dialog');
    const link = await dialog.getByTestId('invite-link').inputValue();
    await dialog.getByRole('button', { name: 'Close' }).click();
    return link;
  }

  /** Opens the open conversation's settings dialog and returns it. */
  async conversationSettings() {
    await this.page.getByRole('button', { name: 'Conversation settings' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Conversation settings' });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** Opens the open conversation's safety number and returns its 60 digits (the dialog stays open). */
  async safetyNumber(): Promise<string> {
    const settings = await this.conversationSettings();
    await settings.getByRole('button', { name: 'Safety number' }).click();
    const number = this.page.getByTestId('safety-number');
    await expect(number).toHaveText(/^(\d{5}){12}$/, { timeout: 30_000 });
    return (await number.textContent()) ?? '';
  }

  /** In the open safety-number dialog: marks the contact verified and closes it. */
  async markVerified(): Promise<void> {
    const dialog = this.page.getByTestId('safety-number-dialog');
    await dialog.getByRole('button', { name: 'Mark as verified' }).click();
    await expect(dialog.getByRole('button', { name: 'Clear verification' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.page.getByTestId('verified-badge')).toBeVisible();
  }

  /** Asks `other` to be a contact, which they accept; returns once this side may write. */
  async befriend(other: ParleyApp): Promise<void> {
    await this.addContact(await other.peerId());
    await other.acceptRequestFrom(this.name);
    await this.expectAccepted();
  }

  /** Opens the contact request from `name` (it must arrive) and accepts it. */
  async acceptRequestFrom(name: string): Promise<void> {
    await this.page.getByTestId('requests').getByRole('button', { name }).click({ timeout: 30_000 });
    await this.page.getByRole('button', { name: 'Accept' }).click();
    await expect(this.page.getByTestId('composer')).toBeEnabled();
  }

  async openConversationWith(name: string): Promise<void> {
    await this.page.getByTestId('conversations').getByRole('button', { name }).click();
    await expect(this.page.getByTestId('conversation-name')).toHaveText(name);
  }

  /** Waits until the open conversation's contact has accepted (the composer opens). */
  async expectAccepted(): Promise<void> {
    await expect(this.page.getByTestId('composer')).toBeEnabled({ timeout: 30_000 });
  }

  async expectConnected(): Promise<void> {
    await expect(this.page.getByTestId('link-status')).toHaveAttribute('data-status', 'connected', {
      timeout: 30_000,
    });
  }

  async send(text: string): Promise<void> {
    await this.page.getByTestId('composer').fill(text);
    await this.page.getByTestId('composer').press('Enter');
    await expect(this.page.locator('[data-direction="out"]', { hasText: text })).toBeVisible();
  }

  /** Waits for an outgoing message to reach `status` (delivered and read come from the recipient). */
  async expectStatus(text: string, status: 'sent' | 'delivered' | 'read'): Promise<void> {
    await expect(this.page.locator('[data-direction="out"]', { hasText: text })).toHaveAttribute(
      'data-status',
      status,
      { timeout: 30_000 },
    );
  }

  async expectReceived(text: string): Promise<void> {
    await expect(this.page.locator('[data-direction="in"]', { hasText: text })).toBeVisible({
      timeout: 15_000,
    });
  }

  /** How many messages in the open conversation carry exactly `text`. */
  messagesWithText(text: string) {
    return this.page.locator('[data-kind="text"] .message-text').filter({ hasText: new RegExp(`^${text}$`) });
  }
}
