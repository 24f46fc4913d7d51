import { useState } from 'react';
import { Anchor, Badge, Button, Card, Code, Grid, Group, Loader, Rating, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { Figure } from '@/components/Figure';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { when } from '@/lib/format';
import { useInstall, useListing, useReview, useReviews } from './api';

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
            <Button leftSection={<IconDownload size={16} aria-hidden />} loading={install.isPending} disabled={!l} onClick={() => install.mutate(id!)}>
              Install
            </Button>
          </>
        }
      />
      <ProblemAlert error={listing.error} title="Could not load the template" />
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
