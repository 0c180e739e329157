// Drives one Parley instance through its UI, the way a person would. Waits on app state the UI exposes
// (data-status attributes), never on fixed sleeps.
import { expect, type Page } from '@playwright/test';

export class ParleyApp {
  constructor(
    readonly name: string,
    readonly page: Page,
  ) {}

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

  async openChatWith(peerId: string): Promise<void> {
    await this.page.getByTestId('contact-peer-id').fill(peerId);
    await this.page.getByRole('button', { name: 'Chat' }).click();
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

  async expectReceived(text: string): Promise<void> {
    await expect(this.page.locator('[data-direction="in"]', { hasText: text })).toBeVisible({
      timeout: 15_000,
    });
  }
}
