def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] -Dtuner.topK=7 is ignored: <topK>3</topK> in the POM\'s plugin <configuration> takes '
        + 'precedence; set it as <properties><tuner.topK>3</tuner.topK></properties> instead so that the command line '
        + 'can override it')
// A value in <properties> is what -D overrides: no warning for it.
assert !log.contains('-Dtuner.trials=9 is ignored')
assert log.contains('Skipping tune: tuner.tune.skip is set')
return true
