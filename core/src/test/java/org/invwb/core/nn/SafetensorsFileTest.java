package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void writtenWeightsReadBackExactlyInOrder() throws IOException {
        Network net = new ConvNet(new Shape(1, 12, 12), 5, 2);
        StateDict weights = net.initialise(9);
        Path file = dir.resolve("convnet.safetensors");
        SafetensorsFile.save(file, weights);
        StateDict back = SafetensorsFile.read(file);
        assertEquals(List.copyOf(weights.tensors().keySet()), List.copyOf(back.tensors().keySet()));
        weights.tensors().forEach((name, t) -> {
            assertArrayEquals(t.shape(), back.get(name).shape(), name);
            assertArrayEquals(t.data(), back.get(name).data(), name);
        });
        assertEquals(0, (Files.size(file) - 8 - header(file).length()) % 4);
        assertEquals(0, header(file).length() % 8, "data starts 8-byte aligned");
        assertTrue(header(file).contains("\"__metadata__\":{\"format\":\"pt\"}"), header(file));
    }

    @Test
    void loadPutsTensorsInTheNetworksOrder() throws IOException {
        Network net = new Mlp(new Shape(1, 2, 2), 3, 4);
        StateDict weights = net.initialise(1);
        List<String> names = new ArrayList<>(weights.tensors().keySet());
        LinkedHashMap<String, HostTensor> reversed = new LinkedHashMap<>();
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.put(names.get(i), weights.get(names.get(i)));
        }
        Path file = dir.resolve("mlp.safetensors");
        SafetensorsFile.save(file, new StateDict(reversed));
        StateDict loaded = SafetensorsFile.load(file, net);
        assertEquals(names, List.copyOf(loaded.tensors().keySet()));
        assertArrayEquals(weights.get("linear1.bias").data(), loaded.get("linear1.bias").data());
    }

    /** Hand-made bytes with known values in every dtype PyTorch may write, and metadata. */
    @Test
    void otherDtypesBecomeFloat32() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 * 2 + 2 * 4 + 2 * 2 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putDouble(0.1).putDouble(-3.5);
        // F16: 1.0, −2.0, 65504 (largest), 2^−24 (smallest subnormal)
        data.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x7BFF).putShort((short) 0x0001);
        // BF16: 1.0, −0.5
        data.putShort((short) 0x3F80).putShort((short) 0xBF00);
        data.putLong(12);
        Path file = write("mixed.safetensors", "{\"__metadata__\":{\"source\":\"hand\"},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[16,24]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[28,36]}}", data.array());
        StateDict read = SafetensorsFile.read(file);
        assertEquals(List.of("d", "h", "b", "n"), List.copyOf(read.tensors().keySet()));
        assertArrayEquals(new float[] {0.1f, -3.5f}, read.get("d").data());
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, read.get("h").data());
        assertArrayEquals(new long[] {2, 2}, read.get("h").shape());
        assertArrayEquals(new float[] {1f, -0.5f}, read.get("b").data());
        assertArrayEquals(new float[] {12f}, read.get("n").data());
        assertArrayEquals(new long[0], read.get("n").shape());
    }

    @Test
    void halfPrecisionSpecialValues() {
        assertEquals(Float.POSITIVE_INFINITY, SafetensorsFile.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(SafetensorsFile.halfToFloat((short) 0x7E00)));
        assertEquals(-0f, SafetensorsFile.halfToFloat((short) 0x8000));
        assertEquals(0x1p-14f, SafetensorsFile.halfToFloat((short) 0x0400), "smallest normal");
        assertEquals(0x3FFp-24f, SafetensorsFile.halfToFloat((short) 0x03FF), "largest subnormal");
    }

    @Test
    void aShapeMismatchNamesTheFirstTensorAndBothShapes() throws IOException {
        Network resnet18 = NetworkZoo.create(CifarResNet.RESNET18, 3, 32, 10);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        resnet18.parameterShapes().forEach((name, shape) -> tensors.put(name, zeros(shape)));
        // as if the stem's shape had been copied into the first block
        tensors.put("layer1.0.conv1.weight", zeros(new Shape(64, 3, 3, 3)));
        tensors.put("layer1.0.conv2.weight", zeros(new Shape(64, 3, 3, 3)));
        Path file = dir.resolve("wrong.safetensors");
        SafetensorsFile.save(file, new StateDict(tensors));
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.load(file, resnet18));
        assertEquals(file + ": layer1.0.conv1.weight: file has [64, 3, 3, 3], resnet18 expects [64, 64, 3, 3]",
                e.getMessage());
    }

    @Test
    void missingAndUnexpectedTensorsAreNamed() throws IOException {
        Network net = new Mlp(new Shape(1, 2, 2), 3, 4);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>(net.initialise(1).tensors());
        tensors.remove("linear1.bias");
        Path lacking = dir.resolve("lacking.safetensors");
        SafetensorsFile.save(lacking, new StateDict(tensors));
        String missing = assertThrows(WeightsException.class, () -> SafetensorsFile.load(lacking, net)).getMessage();
        assertEquals(lacking + ": lacks 1 of the 4 tensors mlp needs: linear1.bias", missing);

        tensors.put("linear1.bias", zeros(new Shape(3)));
        tensors.put("module.extra", zeros(new Shape(1)));
        Path extra = dir.resolve("extra.safetensors");
        SafetensorsFile.save(extra, new StateDict(tensors));
        String unexpected = assertThrows(WeightsException.class, () -> SafetensorsFile.load(extra, net)).getMessage();
        assertEquals(extra + ": has 1 tensors mlp does not have: module.extra", unexpected);
    }

    @Test
    void corruptAndTruncatedFilesAreRefusedNamingTheFile() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafetensorsFile.save(good, new Mlp(new Shape(1, 2, 2), 3, 4).initialise(1));
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        assertRefused(truncated, "truncated?");

        Path shortFile = dir.resolve("short.safetensors");
        Files.write(shortFile, new byte[] {1, 2, 3});
        assertRefused(shortFile, "too short");

        Path hugeHeader = dir.resolve("huge-header.safetensors");
        byte[] huge = bytes.clone();
        huge[6] = 1;
        Files.write(hugeHeader, huge);
        assertRefused(hugeHeader, "does not fit a file of");

        assertRefused(write("json.safetensors", "{\"a\":{\"dtype\":\"F32\",", new byte[0]), "header is not valid JSON");
        assertRefused(write("array.safetensors", "[1, 2]", new byte[0]), "header is not a JSON object");
        assertRefused(write("duplicate.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "Duplicate field 'a'");
        assertRefused(write("dtype.safetensors", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                new byte[1]), "dtype U8 is not supported");
        assertRefused(write("span.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}",
                new byte[8]), "span 4 bytes, but F32 [2] needs 8");
        assertRefused(write("negative.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                new byte[4]), "not a non-negative integer");
        assertRefused(write("fields.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]),
                "needs dtype, shape and two data_offsets");
        assertRefused(dir.resolve("absent.safetensors"), "cannot read");
    }

    private static void assertRefused(Path file, String problem) {
        WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(data);
        Path file = dir.resolve(name);
        Files.write(file, out.array());
        return file;
    }

    private static String header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, length, StandardCharsets.UTF_8);
    }

    private static HostTensor zeros(Shape shape) {
        return new HostTensor(shape.getShape(), new float[Math.toIntExact(shape.size())]);
    }
}
