package org.invwb.core.nn;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights as safetensors files, the format PyTorch users share weights in: an 8-byte little-endian
 * header length, a JSON header giving each tensor's dtype, shape and byte range (and optionally
 * {@code __metadata__}), then the raw little-endian data. Reading is pure parsing; unlike a pickled
 * checkpoint, such a file cannot run code. Tensors are written as F32; F64, F16 and BF16 are read and
 * narrowed or widened to float32, and I64 is read too, because PyTorch stores BatchNorm's
 * {@code num_batches_tracked} that way.
 */
public final class SafetensorsFile {

    /** The reference implementation refuses headers over 100 MB; so does this one, before allocating. */
    private static final long MAX_HEADER_BYTES = 100_000_000;
    private static final String METADATA = "__metadata__";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private SafetensorsFile() {
    }

    private enum DType {
        F32(4), F64(8), F16(2), BF16(2), I64(8);

        final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        void decode(ByteBuffer in, float[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = switch (this) {
                    case F32 -> in.getFloat();
                    case F64 -> (float) in.getDouble();
                    case F16 -> halfToFloat(in.getShort());
                    case BF16 -> Float.intBitsToFloat(in.getShort() << 16);
                    case I64 -> in.getLong();
                };
            }
        }
    }

    /** Every tensor in the file, in the order of its header. */
    public static StateDict read(Path file) throws WeightsException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new WeightsException(file, "only " + size + " bytes, too short for a safetensors file");
            }
            long headerBytes = readFully(file, channel, 0, 8).getLong();
            if (headerBytes < 2 || headerBytes > MAX_HEADER_BYTES || headerBytes > size - 8) {
                throw new WeightsException(file, "header length " + Long.toUnsignedString(headerBytes)
                        + " does not fit a file of " + size + " bytes: not a safetensors file, or a truncated one");
            }
            JsonNode header = parseHeader(file, readFully(file, channel, 8, (int) headerBytes));
            long dataStart = 8 + headerBytes;
            LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : header.properties()) {
                if (!field.getKey().equals(METADATA)) {
                    tensors.put(field.getKey(), readTensor(file, channel, field.getKey(), field.getValue(),
                            dataStart, size - dataStart));
                }
            }
            return new StateDict(tensors);
        } catch (WeightsException e) {
            throw e;
        } catch (IOException e) {
            throw new WeightsException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The weights of {@code network}, in its order. The file must hold exactly the network's tensors
     * with the network's shapes; the error names the first tensor that differs.
     */
    public static StateDict load(Path file, ParameterLayout network) throws WeightsException {
        StateDict found = read(file);
        Map<String, Shape> expected = network.parameterShapes();
        List<String> missing = new ArrayList<>();
        LinkedHashMap<String, HostTensor> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            HostTensor t = found.tensors().get(e.getKey());
            if (t == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue().getShape())) {
                throw new WeightsException(file, e.getKey() + ": file has " + Arrays.toString(t.shape()) + ", "
                        + network.name() + " expects " + Arrays.toString(e.getValue().getShape()));
            } else {
                ordered.put(e.getKey(), t);
            }
        }
        if (!missing.isEmpty()) {
            throw new WeightsException(file, "lacks " + missing.size() + " of the " + expected.size() + " tensors "
                    + network.name() + " needs: " + shortList(missing));
        }
        List<String> unexpected = found.tensors().keySet().stream().filter(n -> !expected.containsKey(n)).toList();
        if (!unexpected.isEmpty()) {
            throw new WeightsException(file, "has " + unexpected.size() + " tensors " + network.name()
                    + " does not have: " + shortList(unexpected));
        }
        return new StateDict(ordered);
    }

    /** Writes every tensor as F32, in order, atomically: a temporary file beside the target, then a rename. */
    public static void save(Path file, StateDict weights) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject(METADATA).put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : weights.tensors().entrySet()) {
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", DType.F32.name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(e.getValue().shape()).forEach(shape::add);
            long end = offset + 4L * e.getValue().size();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        // the reference writer pads the header with spaces so that the data starts 8-byte aligned
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".safetensors");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                writeFully(out, head.flip());
                for (HostTensor t : weights.tensors().values()) {
                    ByteBuffer data = ByteBuffer.allocate(4 * t.size()).order(ByteOrder.LITTLE_ENDIAN);
                    data.asFloatBuffer().put(t.data());
                    writeFully(out, data);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static JsonNode parseHeader(Path file, ByteBuffer bytes) throws WeightsException {
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new WeightsException(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw new WeightsException(file, "header is not a JSON object");
        }
        return header;
    }

    private static HostTensor readTensor(Path file, FileChannel channel, String name, JsonNode entry,
                                         long dataStart, long dataBytes) throws IOException {
        if (!entry.isObject() || !entry.path("dtype").isTextual() || !entry.path("shape").isArray()
                || !entry.path("data_offsets").isArray() || entry.path("data_offsets").size() != 2) {
            throw new WeightsException(file, "tensor " + name + ": header entry needs dtype, shape and two data_offsets");
        }
        DType dtype;
        try {
            dtype = DType.valueOf(entry.get("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new WeightsException(file, "tensor " + name + ": dtype " + entry.get("dtype").asText()
                    + " is not supported; supported are " + Arrays.toString(DType.values()));
        }
        long[] shape = naturals(file, name, "shape", entry.get("shape"));
        long[] offsets = naturals(file, name, "data_offsets", entry.get("data_offsets"));
        long count = 1;
        for (long d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE / dtype.bytes) {
                throw new WeightsException(file, "tensor " + name + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        long need = count * dtype.bytes;
        if (offsets[1] - offsets[0] != need) {
            throw new WeightsException(file, "tensor " + name + ": data_offsets " + Arrays.toString(offsets) + " span "
                    + (offsets[1] - offsets[0]) + " bytes, but " + dtype + " " + Arrays.toString(shape) + " needs " + need);
        }
        if (offsets[1] > dataBytes) {
            throw new WeightsException(file, "tensor " + name + " ends at byte " + offsets[1] + " of the data, but the file"
                    + " holds only " + dataBytes + " bytes of data: truncated?");
        }
        float[] values = new float[(int) count];
        dtype.decode(readFully(file, channel, dataStart + offsets[0], (int) need), values);
        return new HostTensor(shape, values);
    }

    /** A JSON array of non-negative integers; {@code data_offsets} must also be ordered. */
    private static long[] naturals(Path file, String name, String field, JsonNode array) throws WeightsException {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0) {
                throw new WeightsException(file, "tensor " + name + ": " + field + " holds " + n
                        + ", not a non-negative integer");
            }
            out[i] = n.asLong();
        }
        if (field.equals("data_offsets") && out[0] > out[1]) {
            throw new WeightsException(file, "tensor " + name + ": data_offsets " + Arrays.toString(out) + " run backwards");
        }
        return out;
    }

    private static ByteBuffer readFully(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new WeightsException(file, "ends early, at byte " + (position + buffer.position()) + ": truncated?");
            }
        }
        return buffer.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    /** IEEE 754 binary16 to float32, exactly (every half value is a float value). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
    }

    private static String shortList(List<String> names) {
        int shown = Math.min(names.size(), 5);
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }
}
