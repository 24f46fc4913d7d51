import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Code, Grid, Group, Loader, Modal, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconEye, IconEyeOff } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { Figure } from '@/components/Figure';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useProfile } from '@/lib/auth';
import { when } from '@/lib/format';
import { useInstall, useListing, useModerate, useReview, useReviews } from './api';
import { FormActions } from '@/components/FormActions';

/** A listed template: what it writes, its figures and reviews; install it, rate and review it. */
export function ListingPage() {
  const { id } = useParams();
  const listing = useListing(id!);
  const reviews = useReviews(id!);
  const install = useInstall();
  const review = useReview(id!);
  const [stars, setStars] = useState(0);
  const [text, setText] = useState('');
  const l = listing.data;
  const admin = useProfile()?.isAdmin ?? false;

  return (
    <>
      <PageHeader
        title={l?.name ?? 'Template'}
        description={l?.description}
        actions={
          <>
            <Button variant="default" component={Link} to="/marketplace">
              Marketplace
            </Button>
            {admin && l && <Moderation id={id!} hidden={l.status === 'hidden'} name={l.name ?? 'the template'} />}
            <Button leftSection={<IconDownload size={16} aria-hidden />} loading={install.isPending} disabled={!l} onClick={() => install.mutate(id!)}>
              Install
            </Button>
          </>
        }
      />
      <ProblemAlert error={listing.error} title="Could not load the template" />
      {l?.status === 'hidden' && (
        <Alert color="red" variant="light" mb="md" title="Hidden by an admin">
          Other vendors do not see it in the marketplace{l.hiddenReason ? `: ${l.hiddenReason}` : '.'}
        </Alert>
      )}
      <ProblemAlert error={install.error} title="The template was not installed" />
      {install.data && (
        <Text role="status" mb="md">
          Installed in your library as{' '}
          <Anchor component={Link} to={`/templates/${install.data.id}`}>
            {install.data.name}
          </Anchor>
          .
        </Text>
      )}
      {listing.isPending ? (
        <Loader role="status" aria-label="Loading the template" />
      ) : l ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <Card withBorder radius="md">
                <Group gap="xs" mb="xs">
                  {l.category && <Badge variant="light">{l.category}</Badge>}
                  {l.style && (
                    <Badge variant="light" color="gray">
                      {l.style}
                    </Badge>
                  )}
                  <Text size="xs" c="dimmed">
                    Listed {when(l.publishedAt)}
                  </Text>
                </Group>
                <Text size="sm" fw={500} mb={4}>
                  Prompt
                </Text>
                <Code block>{l.promptText}</Code>
              </Card>
              <Card withBorder radius="md">
                <Title order={2} size="h5" mb="sm">
                  Reviews
                </Title>
                <ProblemAlert error={reviews.error} title="Could not load the reviews" />
                {(reviews.data?.items ?? []).length === 0 ? (
                  <Text c="dimmed" size="sm">
                    No reviews yet.
                  </Text>
                ) : (
                  <Stack gap="sm" role="list" aria-label="Reviews">
                    {(reviews.data?.items ?? []).map((r) => (
                      <Stack key={r.vendorId} gap={2} role="listitem">
                        <Group gap="xs">
                          <Rating value={r.rating} readOnly size="xs" role="img" aria-label={`${r.rating} of 5`} />
                          <Text size="xs" c="dimmed">
                            {when(r.updatedAt ?? r.createdAt)}
                          </Text>
                        </Group>
                        {r.review && <Text size="sm">{r.review}</Text>}
                      </Stack>
                    ))}
                  </Stack>
                )}
              </Card>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack>
              <Card withBorder radius="md">
                <Group grow>
                  <Figure label="Installs" value={String(l.installs ?? 0)} testId="figure-installs" />
                  <Figure label="Used" value={String(l.usage ?? 0)} testId="figure-usage" />
                  <Figure label="Rating" value={l.ratingCount ? `${(l.ratingAverage ?? 0).toFixed(1)} (${l.ratingCount})` : '—'} testId="figure-rating" />
                </Group>
              </Card>
              <Card withBorder radius="md">
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    review.mutate({ rating: stars, review: text.trim() || undefined });
                  }}
                >
                  <Stack gap="xs">
                    <Title order={2} size="h5">
                      Your review
                    </Title>
                    <Rating value={stars} onChange={setStars} aria-label="Your rating" getSymbolLabel={(v) => `${v} star${v === 1 ? '' : 's'}`} />
                    <Textarea label="What you think" autosize minRows={2} maxLength={2000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
                    <ProblemAlert error={review.error} title="The review was not saved" />
                    {review.isSuccess && (
                      <Text size="sm" role="status">
                        Thank you: your review is saved.
                      </Text>
                    )}
                    <Group justify="flex-end">
                      <Button type="submit" disabled={stars === 0} loading={review.isPending}>
                        Save review
                      </Button>
                    </Group>
                  </Stack>
                </form>
              </Card>
            </Stack>
          </Grid.Col>
        </Grid>
      ) : null}
    </>
  );
}

/** Admin only: hide the listing from every other vendor, with a reason its author reads, or list it again. */
function Moderation({ id, hidden, name }: { id: string; hidden: boolean; name: string }) {
  const moderate = useModerate(id);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  if (hidden) {
    return (
      <Button variant="default" leftSection={<IconEye size={16} aria-hidden />} loading={moderate.isPending}
        onClick={() => moderate.mutate(null, { onSuccess: () => notifications.show({ message: `${name} is listed again` }) })}>
        Unhide
      </Button>
    );
  }
  return (
    <>
      <Button variant="default" color="red" leftSection={<IconEyeOff size={16} aria-hidden />} onClick={() => setAsking(true)}>
        Hide
      </Button>
      <Modal opened={asking} onClose={() => setAsking(false)} title={`Hide ${name} from the marketplace`}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            moderate.mutate(
              { reason: reason.trim() },
              {
                onSuccess: () => {
                  setAsking(false);
                  notifications.show({ message: `${name} is hidden: its author sees why` });
                },
              },
            );
          }}
        >
          <Stack>
            <ProblemAlert error={moderate.error} title="The listing was not hidden" />
            <Textarea label="Reason" description="Its author reads it beside the listing" required minRows={3} maxLength={500}
              value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <FormActions submit="Hide listing" onCancel={() => setAsking(false)} loading={moderate.isPending} disabled={!reason.trim()} color="red" />
          </Stack>
        </form>
      </Modal>
    </>
  );
}
