package studio.batch.repository;

import jakarta.persistence.AttributeConverter;

import studio.common.api.WireNames;

/** A status stored by its wire name in a text column (the table's CHECK constraint lists them). */
abstract class StatusColumn<E extends Enum<E>> implements AttributeConverter<E, String> {

    private final Class<E> type;

    StatusColumn(Class<E> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : WireNames.of(value);
    }

    @Override
    public E convertToEntityAttribute(String value) {
        return WireNames.parse(type, value);
    }
}
