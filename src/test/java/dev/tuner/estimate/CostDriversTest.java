package dev.tuner.estimate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CostDriversTest {
    /**
     * Drivers of a made-up trainer: trees (a parameter the space varies), batch (one the space fixes), rows/10 (a
     * driver of the rows alone) and, for configurations with a kernel, kernel=poly (present in some only).
     */
    private static final CostDrivers DRIVERS = (params, rows) -> {
        List<CostModel.Driver> out = new ArrayList<>(List.of(
                new CostModel.Driver("trees", ((Number) params.get("trees")).doubleValue(), 1),
                new CostModel.Driver("batch", ((Number) params.get("batch")).doubleValue(), -0.2),
                new CostModel.Driver("rows/10", rows / 10.0, 0.5)));
        if (params.containsKey("kernel")) {
            out.add(new CostModel.Driver("kernel=poly", "poly".equals(params.get("kernel")) ? Math.E : 1, 0));
        }
        return out;
    };

    @Test
    void aDriverNoConfigurationChangesIsLeftOut() {
        List<Map<String, Object>> configurations = List.of(Map.of("trees", 10, "batch", 50),
                Map.of("trees", 100, "batch", 50), Map.of("trees", 30, "batch", 50, "kernel", "rbf"));
        CostDrivers fitted = CostDrivers.withoutConstant(DRIVERS, configurations, new int[] {100, 400});
        assertEquals(List.of("trees", "rows/10", "kernel=poly"), fitted.of(Map.of("trees", 20, "batch", 50,
                "kernel", "poly"), 100).stream().map(CostModel.Driver::name).toList());
    }

    @Test
    void driversThatAllVaryAreKeptAsTheyAre() {
        List<Map<String, Object>> configurations = List.of(Map.of("trees", 10, "batch", 50),
                Map.of("trees", 100, "batch", 20));
        assertSame(DRIVERS, CostDrivers.withoutConstant(DRIVERS, configurations, new int[] {100, 400}));
    }
}
