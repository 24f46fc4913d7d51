import { createBrowserRouter } from 'react-router';
import { Shell } from './Shell';
import { StudioHome } from '@/features/home/StudioHome';
import { TemplateLibrary } from '@/features/templates/components/TemplateLibrary';
import { TemplateEditor } from '@/features/templates/components/TemplateEditor';
import { GenerateSingle } from '@/features/generate/GenerateSingle';
import { BatchGenerator } from '@/features/batches/components/BatchGenerator';
import { BatchPage } from '@/features/batches/components/BatchPage';
import { QueueDashboard } from '@/features/queue/QueueDashboard';
import { StyleGallery } from '@/features/styles/StyleGallery';
import { MixBuilder } from '@/features/styles/MixBuilder';
import { AbTestsPage } from '@/features/abtests/AbTestsPage';
import { AbTestPage } from '@/features/abtests/AbTestPage';
import { PromptHistory } from '@/features/history/PromptHistory';
import { ProductsPage } from '@/features/products/ProductsPage';
import { Marketplace } from '@/features/marketplace/Marketplace';
import { ListingPage } from '@/features/marketplace/ListingPage';
import { OperatorsPage } from '@/features/operators/OperatorsPage';
import { CostsPage } from '@/features/costs/CostsPage';
import { WebhooksPage } from '@/features/webhooks/WebhooksPage';
import { WebhookPage } from '@/features/webhooks/WebhookPage';
import { AuthCallback } from '@/features/auth/AuthCallback';
import { NotFound } from './NotFound';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <Shell />,
    children: [
      { index: true, element: <StudioHome /> },
      { path: 'templates', element: <TemplateLibrary /> },
      { path: 'templates/new', element: <TemplateEditor /> },
      { path: 'templates/:id', element: <TemplateEditor /> },
      { path: 'marketplace', element: <Marketplace /> },
      { path: 'marketplace/:id', element: <ListingPage /> },
      { path: 'styles', element: <StyleGallery /> },
      { path: 'styles/mix', element: <MixBuilder /> },
      { path: 'generate', element: <GenerateSingle /> },
      { path: 'ab-tests', element: <AbTestsPage /> },
      { path: 'ab-tests/:id', element: <AbTestPage /> },
      { path: 'batches/new', element: <BatchGenerator /> },
      { path: 'batches/:id', element: <BatchPage /> },
      { path: 'products', element: <ProductsPage /> },
      { path: 'history', element: <PromptHistory /> },
      { path: 'queue', element: <QueueDashboard /> },
      { path: 'costs', element: <CostsPage /> },
      { path: 'webhooks', element: <WebhooksPage /> },
      { path: 'webhooks/:id', element: <WebhookPage /> },
      { path: 'operators', element: <OperatorsPage /> },
      { path: 'auth/callback', element: <AuthCallback /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
