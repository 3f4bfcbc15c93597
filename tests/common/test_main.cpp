#define BOOST_TEST_MODULE granska
#include <boost/test/unit_test.hpp>
