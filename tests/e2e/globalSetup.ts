import { startContractServer } from './contractServer';

export default async function globalSetup() {
  const server = await startContractServer();
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
