import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Box, Input, Paper, Text, UnstyledButton } from '@mantine/core';
import { complete, completions, segments, typingAt } from '../variables';
import classes from './PromptInput.module.css';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  declared: string[];
  error?: string;
  description?: string;
}

/**
 * The prompt: `{variables}` highlighted as they are typed (a highlighted copy under a transparent
 * textarea), and completed from the declared and the standard variables after a `{`.
 */
export function PromptInput({ label, value, onChange, declared, error, description }: Props) {
  const id = useId();
  const listId = `${id}-completions`;
  const area = useRef<HTMLTextAreaElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);

  const typing = cursor === null ? null : typingAt(value, cursor);
  const options = useMemo(() => (typing ? completions(typing.partial, declared).slice(0, 8) : []), [typing, declared]);
  const open = !dismissed && options.length > 0;

  const accept = (name: string) => {
    const el = area.current;
    if (!el || cursor === null) return;
    const next = complete(value, cursor, name);
    onChange(next.text);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.cursor, next.cursor);
      setCursor(next.cursor);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => (a + 1) % options.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => (a - 1 + options.length) % options.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      accept(options[Math.min(active, options.length - 1)]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setDismissed(true);
    }
  };

  const track = () => {
    const el = area.current;
    if (!el) return;
    setCursor(el.selectionStart === el.selectionEnd ? el.selectionStart : null);
  };

  return (
    <Input.Wrapper label={label} error={error} description={description} id={id} required>
      <Box className={classes.root} data-error={error ? true : undefined}>
        <div ref={backdrop} className={classes.backdrop} aria-hidden>
          {segments(value).map((s, i) =>
            s.variable ? (
              <mark key={i} className={declared.includes(s.variable) ? classes.variable : classes.unknown}>
                {s.text}
              </mark>
            ) : s.malformed ? (
              <mark key={i} className={classes.malformed}>
                {s.text}
              </mark>
            ) : (
              <span key={i}>{s.text}</span>
            ),
          )}
          {'\n'}
        </div>
        <textarea
          id={id}
          ref={area}
          className={classes.area}
          value={value}
          rows={5}
          spellCheck
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          aria-invalid={!!error}
          onChange={(e) => {
            onChange(e.target.value);
            setCursor(e.target.selectionStart);
            setActive(0);
            setDismissed(false);
          }}
          onKeyDown={onKeyDown}
          onKeyUp={track}
          onClick={track}
          onBlur={() => setTimeout(() => setCursor(null), 150)}
          onScroll={(e) => {
            if (backdrop.current) backdrop.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
        {open && (
          <Paper withBorder shadow="md" className={classes.list} role="listbox" id={listId} aria-label="Variables">
            {options.map((name, i) => (
              <UnstyledButton
                key={name}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={classes.option}
                data-active={i === active || undefined}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(name);
                }}
              >
                <Text size="sm" ff="monospace">{`{${name}}`}</Text>
                {declared.includes(name) && (
                  <Text size="xs" c="dimmed">
                    declared
                  </Text>
                )}
              </UnstyledButton>
            ))}
          </Paper>
        )}
      </Box>
    </Input.Wrapper>
  );
}
