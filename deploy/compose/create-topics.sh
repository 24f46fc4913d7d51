#!/bin/sh
# Creates the platform's topics with their partitions (studio.common.events.Topics: the jobs topics
# 12, the others 3; studio.vendors compacted). Safe to run again.
set -eu
BOOTSTRAP=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
TOPICS=/opt/kafka/bin/kafka-topics.sh
create() {
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor 1 ${3:+--config "$3"}
}
for lane in interactive standard bulk; do
  create "studio.generation.jobs.$lane" 12
done
for topic in studio.templates studio.styles studio.batches studio.generation.results studio.generation.dlq studio.alerts \
  studio.products studio.product-images; do
  create "$topic" 3
done
create studio.vendors 3 cleanup.policy=compact
"$TOPICS" --bootstrap-server "$BOOTSTRAP" --list
