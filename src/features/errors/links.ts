/** The vendor pages the app sends people to. Never taken from an answer. */
export const links = {
  apiKeys: { href: 'https://modelslab.com/dashboard/api-keys', label: 'Your API keys' },
  dashboard: { href: 'https://modelslab.com/dashboard', label: 'Your ModelsLab dashboard' },
  pricing: { href: 'https://modelslab.com/pricing', label: 'Plans and pricing' },
  status: { href: 'https://modelslab.com/status', label: 'ModelsLab service status' },
  support: { href: 'https://modelslab.com/support', label: 'Contact ModelsLab support' },
  models: { href: 'https://modelslab.com/models', label: 'Browse models' },
  register: { href: 'https://modelslab.com/register', label: 'Create a ModelsLab account' },
  docs: { href: 'https://docs.modelslab.com', label: 'API documentation' },
} as const;

export type LinkId = keyof typeof links;
